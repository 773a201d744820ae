import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  DEVICE_IMPORT_CONTENT_TYPES,
  ErrorResponse,
  WorkOrderImport,
  WorkOrderImportCheck,
  WorkOrderImportRequest,
  WorkOrderImportUploaded,
  WorkOrderImportUploadQuery,
} from '../../../../contracts/index.ts';
import { AppError } from '../../../platform/errors.ts';
import { actorOf, errorResponses, IdParams } from '../../../platform/http/routing.ts';
import {
  acceptRawUploads,
  mediaTypeOf,
  spreadsheetRefusal,
  spreadsheetUploadTypes,
} from '../../../platform/http/uploads.ts';
import type { HistoryImportService } from './history-import.service.ts';

const uploadErrors = { ...errorResponses, 413: ErrorResponse, 415: ErrorResponse };

/** Maintenance history import (issue 4 item 9): upload -> dry run -> apply as a job, like the device import. */
export const historyImportRoutes =
  (deps: { imports: HistoryImportService; maxUploadBytes: number }): FastifyPluginAsyncZod =>
  async (app) => {
    const { imports } = deps;
    const tags = ['Work order history import'];
    const mb = Math.round((deps.maxUploadBytes / (1024 * 1024)) * 10) / 10;

    await app.register(async (scope) => {
      acceptRawUploads(scope, {
        maxBytes: deps.maxUploadBytes,
        contentTypes: Object.keys(spreadsheetUploadTypes),
        refuse: spreadsheetRefusal,
      });
      const upload = scope.withTypeProvider<ZodTypeProvider>();
      upload.post(
        '/work-order-imports',
        {
          bodyLimit: deps.maxUploadBytes,
          config: { permission: 'work-orders.import' },
          schema: {
            tags,
            summary: 'Upload a maintenance history file (legacy work orders, CSV or XLSX) to import',
            description:
              `Send the file's bytes as the body with Content-Type text/csv or ${DEVICE_IMPORT_CONTENT_TYPES.xlsx} ` +
              `(at most ${mb} MB). Answers the columns, a mapping suggested from the header names and the first ` +
              'rows (numbered as a spreadsheet shows them: header = row 1). Nothing is imported until the apply.',
            querystring: WorkOrderImportUploadQuery,
            response: { 201: WorkOrderImportUploaded, ...uploadErrors },
          },
        },
        async (req, reply) => {
          const declared = spreadsheetUploadTypes[mediaTypeOf(req.headers['content-type'])];
          if (!Buffer.isBuffer(req.body) || !declared)
            throw new AppError(
              'UNSUPPORTED_MEDIA_TYPE',
              `Send the file as text/csv or ${DEVICE_IMPORT_CONTENT_TYPES.xlsx}`,
            );
          const uploaded = await imports.uploadImport(actorOf(req), {
            fileName: req.query.fileName,
            bytes: req.body,
            declaredFormat: declared,
          });
          return reply.code(201).send(uploaded);
        },
      );
    });

    app.post(
      '/work-order-imports/:id/dry-run',
      {
        config: { permission: 'work-orders.import' },
        schema: {
          tags,
          summary: 'Check an uploaded history file: every problem by row, column and reason',
          description:
            'Writes no work order. Unknown devices, unknown enumeration values (the allowed ones are listed), ' +
            'ambiguous or impossible dates (completed before reported, in the future) and legacy numbers repeated ' +
            'in the file or already imported are problems; nothing is guessed. Without `mapping`, the suggested one.',
          params: IdParams,
          body: WorkOrderImportRequest,
          response: { 200: WorkOrderImportCheck, ...errorResponses },
        },
      },
      async (req) => {
        const {
          allProblems: _all,
          applied: _applied,
          ...check
        } = await imports.dryRun(actorOf(req), req.params.id, req.body);
        return check;
      },
    );

    app.post(
      '/work-order-imports/:id/apply',
      {
        config: { permission: 'work-orders.import' },
        schema: {
          tags,
          summary: 'Apply the history import as a background job: all rows or none',
          description:
            'Answers 202 with the import (status `queued`); poll `GET /work-order-imports/{id}` for progress and ' +
            'the outcome. Imported work orders are closed, marked as imported with their legacy number, and carry ' +
            "no electronic signature (they are the legacy system's records). One audit event " +
            '`work-orders.imported` with the counts.',
          params: IdParams,
          body: WorkOrderImportRequest,
          response: { 202: WorkOrderImport, ...errorResponses },
        },
      },
      async (req, reply) =>
        reply.code(202).send(await imports.requestApply(actorOf(req), req.params.id, req.body)),
    );

    app.get(
      '/work-order-imports/:id',
      {
        config: { permission: 'work-orders.import' },
        schema: {
          tags,
          summary: 'A history import: status, progress, problems and result',
          params: IdParams,
          response: { 200: WorkOrderImport, ...errorResponses },
        },
      },
      (req) => imports.getImport(actorOf(req), req.params.id),
    );
  };
