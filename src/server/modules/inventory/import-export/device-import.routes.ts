import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  DeviceExportQuery,
  DEVICE_IMPORT_CONTENT_TYPES,
  DeviceImport,
  DeviceImportCheck,
  DeviceImportRequest,
  DeviceImportUploaded,
  DeviceImportUploadQuery,
  ErrorResponse,
} from '../../../../contracts/index.ts';
import { AppError } from '../../../platform/errors.ts';
import { actorOf, errorResponses, IdParams } from '../../../platform/http/routing.ts';
import {
  acceptRawUploads,
  mediaTypeOf,
  spreadsheetRefusal,
  spreadsheetUploadTypes,
} from '../../../platform/http/uploads.ts';
import type { DeviceExportService } from './device-export.service.ts';
import type { DeviceImportService } from './device-import.service.ts';

const uploadErrors = { ...errorResponses, 413: ErrorResponse, 415: ErrorResponse };

const ExportFile = z.unknown().describe('The devices as CSV (UTF-8 with a byte-order mark) or XLSX');

export const importExportRoutes =
  (deps: {
    imports: DeviceImportService;
    exports: DeviceExportService;
    maxUploadBytes: number;
  }): FastifyPluginAsyncZod =>
  async (app) => {
    const { imports, exports } = deps;
    const tags = ['Inventory import and export'];
    const mb = Math.round((deps.maxUploadBytes / (1024 * 1024)) * 10) / 10;

    // The upload takes the file's raw bytes, up to the configured size, in its own scope: every other route
    // stays JSON-only with the server's 1 MB limit.
    await app.register(async (scope) => {
      acceptRawUploads(scope, {
        maxBytes: deps.maxUploadBytes,
        contentTypes: Object.keys(spreadsheetUploadTypes),
        refuse: spreadsheetRefusal,
      });
      const upload = scope.withTypeProvider<ZodTypeProvider>();
      upload.post(
        '/device-imports',
        {
          bodyLimit: deps.maxUploadBytes,
          config: { permission: 'inventory.import' },
          schema: {
            tags,
            summary: 'Upload a device file (CSV or XLSX) to import',
            description:
              `Send the file's bytes as the body with Content-Type text/csv or ${DEVICE_IMPORT_CONTENT_TYPES.xlsx} ` +
              `(at most ${mb} MB); other types answer 415. Answers the columns, a suggested mapping from the header ` +
              'names and the first rows. Rows are numbered as a spreadsheet shows them (header = row 1). Nothing is ' +
              'imported until the apply.',
            querystring: DeviceImportUploadQuery,
            response: { 201: DeviceImportUploaded, ...uploadErrors },
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
      '/device-imports/:id/dry-run',
      {
        config: { permission: 'inventory.import' },
        schema: {
          tags,
          summary: 'Check an uploaded file under a mapping: every problem by row, column and reason',
          description:
            'Writes no device. `row` is the row as a spreadsheet shows it (the header is row 1). Unknown ' +
            'enumeration values, unknown models and sites, and duplicate asset tags or serial numbers (in the file ' +
            'or the inventory) are problems; nothing is guessed. `createMissingCatalog` (needs "catalog.manage") ' +
            'plans unknown manufacturers and models for creation instead.',
          params: IdParams,
          body: DeviceImportRequest,
          response: { 200: DeviceImportCheck, ...errorResponses },
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
      '/device-imports/:id/apply',
      {
        config: { permission: 'inventory.import' },
        schema: {
          tags,
          summary: 'Apply the import as a background job: all rows or none',
          description:
            'Answers 202 with the import (status `queued`); poll `GET /device-imports/{id}` for progress and the ' +
            'outcome. The job checks the file again and writes nothing if any row has a problem (status `invalid`).',
          params: IdParams,
          body: DeviceImportRequest,
          response: { 202: DeviceImport, ...errorResponses },
        },
      },
      async (req, reply) =>
        reply.code(202).send(await imports.requestApply(actorOf(req), req.params.id, req.body)),
    );

    app.get(
      '/device-imports/:id',
      {
        config: { permission: 'inventory.import' },
        schema: {
          tags,
          summary: 'An import: status, progress, problems and result',
          params: IdParams,
          response: { 200: DeviceImport, ...errorResponses },
        },
      },
      (req) => imports.getImport(actorOf(req), req.params.id),
    );

    app.get(
      '/devices/export',
      {
        config: { permission: 'inventory.read' },
        schema: {
          tags,
          summary: 'Download the device list as CSV or XLSX, under the same filters, search and order',
          description:
            'Every device the list would show (retired and disposed included), not one page. The columns are the ' +
            'import’s fields, so an exported file imports back as it is. Cells that begin with =, +, - or @ are ' +
            'written with a leading apostrophe so a spreadsheet never runs them as formulas.',
          querystring: DeviceExportQuery,
          response: { 200: ExportFile, ...errorResponses },
        },
      },
      async (req, reply) => {
        const file = await exports.exportDevices(actorOf(req), req.query);
        return reply
          .header('content-type', file.contentType)
          .header('content-disposition', `attachment; filename="${file.fileName}"`)
          .header('x-content-type-options', 'nosniff')
          .header('cache-control', 'private, no-store')
          .send(file.body);
      },
    );
  };
