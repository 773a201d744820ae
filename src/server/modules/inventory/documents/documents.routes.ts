import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  DocumentInfo,
  ErrorResponse,
  RetireDocumentRequest,
  UploadDocumentQuery,
} from '../../../../contracts/index.ts';
import { acceptRawUploads } from '../../../platform/http/uploads.ts';
import { actorOf, errorResponses, IdParams } from '../../../platform/http/routing.ts';
import { acceptedDescription, contentDisposition } from './document-types.rules.ts';
import type { DocumentOwner, DocumentsService } from './documents.service.ts';

const DocumentList = z.object({ items: z.array(DocumentInfo) });
const ContentQuery = z.object({
  /** `true` saves the file instead of showing it, whatever its type. */
  download: z.enum(['true', 'false']).optional(),
});
const FileResponse = z.unknown().describe('The document’s bytes, with the type detected at upload');
const uploadErrors = { ...errorResponses, 413: ErrorResponse, 415: ErrorResponse };

const uploadDescription =
  `Send the file’s bytes as the request body, with any Content-Type: the type is detected from the bytes. ` +
  `Accepted: ${acceptedDescription}. HTML, SVG, scripts and other types answer 415 naming the detected type. ` +
  'The declared `fileName` is kept for display only; the title defaults to it.';

export const documentsRoutes =
  (deps: { documents: DocumentsService }): FastifyPluginAsyncZod =>
  async (app) => {
    const { documents } = deps;
    const tags = ['Inventory documents'];
    const owners: {
      path: string;
      owner: (id: string) => DocumentOwner;
      what: string;
      manage: 'inventory.manage' | 'catalog.manage';
    }[] = [
      {
        path: '/devices/:id/documents',
        owner: (id) => ({ deviceId: id }),
        what: 'device',
        manage: 'inventory.manage',
      },
      {
        path: '/models/:id/documents',
        owner: (id) => ({ modelId: id }),
        what: 'model',
        manage: 'catalog.manage',
      },
    ];

    for (const o of owners) {
      app.get(
        o.path,
        {
          config: { permission: 'inventory.read' },
          schema: {
            tags,
            summary: `Current documents and photos of a ${o.what} (retired ones are hidden)`,
            params: IdParams,
            response: { 200: DocumentList, ...errorResponses },
          },
        },
        (req) => documents.listDocuments(actorOf(req), o.owner(req.params.id)),
      );
    }

    // Uploads take the raw bytes, up to the configured size, in their own scope: every other route stays
    // JSON-only with the server's 1 MB limit.
    await app.register(async (scope) => {
      acceptRawUploads(scope, { maxBytes: documents.maxUploadBytes });
      const uploads = scope.withTypeProvider<ZodTypeProvider>();
      for (const o of owners) {
        uploads.post(
          o.path,
          {
            bodyLimit: documents.maxUploadBytes,
            config: { permission: o.manage },
            schema: {
              tags,
              summary: `Upload a document or photo of a ${o.what}`,
              description: uploadDescription,
              params: IdParams,
              querystring: UploadDocumentQuery,
              response: { 201: DocumentInfo, ...uploadErrors },
            },
          },
          async (req, reply) => {
            const body = Buffer.isBuffer(req.body) ? req.body : undefined;
            const info = await documents.uploadDocument(
              actorOf(req),
              o.owner(req.params.id),
              req.query,
              body,
            );
            return reply.code(201).send(info);
          },
        );
      }
    });

    app.get(
      '/documents/:id/content',
      {
        config: { permission: 'inventory.read' },
        schema: {
          tags,
          summary: 'Download a document',
          description:
            'Images and PDF may be shown in the browser; everything else downloads (`download=true` always ' +
            'downloads). Responses are sandboxed and never sniffed.',
          params: IdParams,
          querystring: ContentQuery,
          response: { 200: FileResponse, ...errorResponses },
        },
      },
      async (req, reply) => {
        const c = await documents.openContent(actorOf(req), req.params.id);
        const etag = `"${c.info.sha256}"`;
        reply
          .header('content-type', c.contentType)
          .header(
            'content-disposition',
            contentDisposition(
              c.inline && req.query.download !== 'true' ? 'inline' : 'attachment',
              c.downloadName,
            ),
          )
          .header('x-content-type-options', 'nosniff')
          // Whatever the bytes hold, the browser runs nothing from them and grants them no origin.
          .header('content-security-policy', 'sandbox')
          .header('cache-control', 'private, no-cache')
          .header('etag', etag);
        if (req.headers['if-none-match'] === etag) {
          c.stream.destroy();
          return reply.code(304).send();
        }
        return reply.header('content-length', c.info.sizeBytes).send(c.stream);
      },
    );

    app.post(
      '/documents/:id/retire',
      {
        config: { permission: 'inventory.manage' },
        schema: {
          tags,
          summary: 'Retire a document: hidden from lists, kept for the record',
          description: 'A model’s document also needs the "catalog.manage" permission.',
          params: IdParams,
          body: RetireDocumentRequest,
          response: { 200: DocumentInfo, ...errorResponses },
        },
      },
      (req) => documents.retireDocument(actorOf(req), req.params.id, req.body),
    );
  };
