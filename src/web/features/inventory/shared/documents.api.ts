import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { DocumentInfo } from '../../../../contracts/index.ts';
import { api, upload, withQuery } from '../../../lib/api.ts';

export const DocumentList = z.object({ items: z.array(DocumentInfo) });

export type DocumentOwner = { kind: 'devices' | 'models'; id: string };

const ownerPath = (owner: DocumentOwner) => `/api/v1/${owner.kind}/${encodeURIComponent(owner.id)}/documents`;
const documentsKey = (owner: DocumentOwner) => ['documents', owner.kind, owner.id] as const;

export function useDocuments(owner: DocumentOwner) {
  return useQuery({
    queryKey: documentsKey(owner),
    queryFn: () => api.get(ownerPath(owner), DocumentList),
  });
}

export interface UploadValues {
  kind: DocumentInfo['kind'];
  title: string;
  documentVersion: string;
  file: File;
}

/** The file's bytes are the body; the server checks the type from the bytes, not from the name. */
export function useUploadDocument(owner: DocumentOwner) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (values: UploadValues) =>
      upload(
        withQuery(ownerPath(owner), {
          kind: values.kind,
          title: values.title.trim(),
          fileName: values.file.name,
          documentVersion: values.documentVersion.trim(),
        }),
        DocumentInfo,
        values.file,
        values.file.type || 'application/octet-stream',
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: documentsKey(owner) }),
  });
}

export function useRetireDocument(owner: DocumentOwner) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      api.post(`/api/v1/documents/${encodeURIComponent(id)}/retire`, DocumentInfo, { reason }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: documentsKey(owner) }),
  });
}

export const documentContentUrl = (id: string) => `/api/v1/documents/${encodeURIComponent(id)}/content`;
