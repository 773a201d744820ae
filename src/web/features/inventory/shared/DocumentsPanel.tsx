import { useRef, useState, type SubmitEvent } from 'react';
import {
  Anchor,
  Button,
  FileInput,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconUpload } from '@tabler/icons-react';
import type { DocumentInfo } from '../../../../contracts/index.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { formatDate } from '../../../lib/format.ts';
import { fieldMessage, serverFieldErrors, type FieldErrors } from '../../../lib/forms.ts';
import {
  documentContentUrl,
  useDocuments,
  useRetireDocument,
  useUploadDocument,
  type DocumentOwner,
} from './documents.api.ts';
import { documentKindLabels, documentKindOptions } from './options.ts';

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function UploadForm({ owner, onDone }: { owner: DocumentOwner; onDone: () => void }) {
  const uploadDoc = useUploadDocument(owner);
  const formRef = useRef<HTMLFormElement>(null);
  const [kind, setKind] = useState<DocumentInfo['kind']>('operator_manual');
  const [title, setTitle] = useState('');
  const [documentVersion, setDocumentVersion] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const found: FieldErrors = {};
    if (!file) found.file = 'Choose a file';
    if (title.trim() === '') found.title = 'is required';
    if (!file || Object.keys(found).length > 0) return setErrors(found);
    setErrors({});
    uploadDoc.mutate(
      { kind, title, documentVersion, file },
      { onSuccess: onDone, onError: (error) => setErrors(serverFieldErrors(error)) },
    );
  };

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate aria-label="Upload a document">
      <Stack gap="sm">
        <ErrorAlert
          error={uploadDoc.error}
          title="The document could not be uploaded"
          inlineFields={['kind', 'title', 'documentVersion', 'fileName']}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <FileInput
            label="File"
            placeholder="Choose a file"
            value={file}
            onChange={setFile}
            error={errors.file ?? fieldMessage('File name', errors.fileName)}
            clearable
          />
          <NativeSelect
            label="Kind"
            data={documentKindOptions}
            value={kind}
            onChange={(e) => setKind(e.currentTarget.value as DocumentInfo['kind'])}
            error={fieldMessage('Kind', errors.kind)}
          />
          <TextInput
            label="Title"
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
            error={fieldMessage('Title', errors.title)}
          />
          <TextInput
            label="Document version"
            description="e.g. revision C, 2024-03"
            value={documentVersion}
            onChange={(e) => setDocumentVersion(e.currentTarget.value)}
            error={fieldMessage('Document version', errors.documentVersion)}
          />
        </SimpleGrid>
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={uploadDoc.isPending}>
            Upload
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Retiring asks why: the reason goes to the audit trail with the document. */
function RetireControl(props: { title: string; pending: boolean; onRetire: (reason: string) => void }) {
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  if (!asking) {
    return (
      <Button
        size="xs"
        variant="default"
        onClick={() => setAsking(true)}
        aria-label={`Retire ${props.title}`}
      >
        Retire
      </Button>
    );
  }
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (reason.trim() === '') return;
        props.onRetire(reason.trim());
        setAsking(false);
      }}
      aria-label={`Retire ${props.title}`}
    >
      <Group gap="xs" wrap="wrap" align="flex-end">
        <TextInput
          size="xs"
          label="Reason"
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          data-autofocus
          autoFocus
          required
        />
        <Button size="xs" color="red" type="submit" loading={props.pending} disabled={reason.trim() === ''}>
          Retire
        </Button>
        <Button size="xs" variant="default" onClick={() => setAsking(false)}>
          Cancel
        </Button>
      </Group>
    </form>
  );
}

/** Manuals, photos and certificates of a device or model: list, upload, download, retire. */
export function DocumentsPanel({ owner, canManage }: { owner: DocumentOwner; canManage: boolean }) {
  const documents = useDocuments(owner);
  const retire = useRetireDocument(owner);
  const [uploading, uploadHandlers] = useDisclosure(false);
  const items = documents.data?.items ?? [];

  return (
    <Stack gap="sm">
      {documents.error ? (
        <ErrorAlert error={documents.error} onRetry={() => void documents.refetch()} />
      ) : null}
      <ErrorAlert error={retire.error} title="The document could not be retired" />
      {documents.isPending ? (
        <Text size="sm" c="dimmed" role="status">
          Loading documents…
        </Text>
      ) : items.length === 0 && !documents.error ? (
        <Text size="sm" c="dimmed">
          No documents yet.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={520}>
          <Table verticalSpacing="xs">
            <Table.Caption style={{ captionSide: 'top', textAlign: 'left' }}>
              <Text size="xs" c="dimmed" component="span">
                SVG and HTML files are always downloaded, never shown in the browser.
              </Text>
            </Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Title</Table.Th>
                <Table.Th scope="col">Kind</Table.Th>
                <Table.Th scope="col">Added</Table.Th>
                {canManage ? <Table.Th scope="col">Actions</Table.Th> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((d) => (
                <Table.Tr key={d.id}>
                  <Table.Td>
                    <Anchor href={documentContentUrl(d.id)} size="sm" target="_blank" rel="noopener">
                      {d.title}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {d.fileName} · {formatSize(d.sizeBytes)}
                      {d.documentVersion ? ` · version ${d.documentVersion}` : ''}
                    </Text>
                  </Table.Td>
                  <Table.Td>{documentKindLabels[d.kind]}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {formatDate(d.createdAt)}
                    <Text size="xs" c="dimmed">
                      {d.uploadedBy}
                    </Text>
                  </Table.Td>
                  {canManage ? (
                    <Table.Td>
                      <RetireControl
                        title={d.title}
                        pending={retire.isPending}
                        onRetire={(reason) => retire.mutate({ id: d.id, reason })}
                      />
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {canManage ? (
        uploading ? (
          <UploadForm owner={owner} onDone={uploadHandlers.close} />
        ) : (
          <Group>
            <Button
              variant="default"
              leftSection={<IconUpload size={16} aria-hidden />}
              onClick={uploadHandlers.open}
            >
              Upload a document
            </Button>
          </Group>
        )
      ) : null}
    </Stack>
  );
}
