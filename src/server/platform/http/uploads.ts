import type { FastifyInstance } from 'fastify';
import { DEVICE_IMPORT_CONTENT_TYPES, type DeviceImportFormat } from '../../../contracts/index.ts';
import { AppError } from '../errors.ts';

/** The media type of a Content-Type header, without parameters, lower-cased ('' when there is none). */
export const mediaTypeOf = (header: string | undefined): string =>
  (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

/** Spreadsheet uploads (imports) and the format each declares; `application/csv` is an older name for CSV. */
export const spreadsheetUploadTypes: Readonly<Record<string, DeviceImportFormat>> = {
  [DEVICE_IMPORT_CONTENT_TYPES.csv]: 'csv',
  'application/csv': 'csv',
  [DEVICE_IMPORT_CONTENT_TYPES.xlsx]: 'xlsx',
};

export const spreadsheetRefusal = (mediaType: string): string =>
  `Send the file as text/csv or ${DEVICE_IMPORT_CONTENT_TYPES.xlsx}, not ${mediaType || 'no type'}`;

/**
 * Makes a route scope take the request's raw bytes, up to `maxBytes`, so every other route stays JSON-only with
 * the server's 1 MB limit. With `contentTypes`, other types are refused (415) with `refuse`'s message; a body over
 * the limit answers 413 naming the limit.
 */
export function acceptRawUploads(
  scope: FastifyInstance,
  opts: { maxBytes: number; contentTypes?: readonly string[]; refuse?: (mediaType: string) => string },
): void {
  const mb = Math.round((opts.maxBytes / (1024 * 1024)) * 10) / 10;
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser(
    opts.contentTypes ? [...opts.contentTypes] : '*',
    { parseAs: 'buffer', bodyLimit: opts.maxBytes },
    (_req, body, done) => done(null, body),
  );
  if (opts.contentTypes) {
    const refuse = opts.refuse ?? ((t: string) => `Content type ${t || '(none)'} is not accepted here`);
    scope.addContentTypeParser('*', (req, _payload, done) =>
      done(
        new AppError('UNSUPPORTED_MEDIA_TYPE', refuse(mediaTypeOf(req.headers['content-type']))),
        undefined,
      ),
    );
  }
  scope.setErrorHandler((err) => {
    // Refused before the handler ran: say what the limit is, then let the server's handler answer.
    if ((err as { code?: string }).code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      throw new AppError('PAYLOAD_TOO_LARGE', `The file is larger than ${mb} MB`, [
        { field: 'body', message: `must be at most ${mb} MB` },
      ]);
    }
    throw err;
  });
}
