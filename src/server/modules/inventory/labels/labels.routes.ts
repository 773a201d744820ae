import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LabelQuery, LabelRequest } from '../../../../contracts/index.ts';
import { actorOf, errorResponses, IdParams } from '../../../platform/http/routing.ts';
import type { LabelsPdf, LabelsService } from './labels.service.ts';

const PdfResponse = z.unknown().describe('The labels as a PDF document (application/pdf)');

/** The configured public URL, else the address this request reached us at. */
const baseUrlOf = (req: FastifyRequest, publicUrl: string | undefined) =>
  publicUrl ?? `${req.protocol}://${req.host}`;

const sendPdf = (reply: FastifyReply, out: LabelsPdf) =>
  reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `inline; filename="${out.fileName}"`)
    .header('cache-control', 'private, no-store')
    .header('x-content-type-options', 'nosniff')
    .send(out.pdf);

export const labelsRoutes =
  (deps: { labels: LabelsService; publicUrl: string | undefined }): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['Inventory'];
    app.get(
      '/devices/:id/label.pdf',
      {
        config: { permission: 'inventory.read' },
        schema: {
          tags,
          summary: 'The asset-tag label of one device, as PDF',
          description:
            'The label shows the organization and site, the asset tag, model and serial number, and a QR code ' +
            'that opens the device’s page. `layout=sheet` places it on a sheet (`sheet`, after `skip` used positions).',
          params: IdParams,
          querystring: LabelQuery,
          produces: ['application/pdf'],
          response: { 200: PdfResponse, ...errorResponses },
        },
      },
      async (req, reply) =>
        sendPdf(
          reply,
          await deps.labels.deviceLabel(
            actorOf(req),
            req.params.id,
            req.query,
            baseUrlOf(req, deps.publicUrl),
          ),
        ),
    );
    app.post(
      '/labels',
      {
        config: { permission: 'inventory.read' },
        schema: {
          tags,
          summary: 'Asset-tag labels of up to 1,000 devices, as one PDF',
          description:
            'Labels come in the order of `deviceIds`. Any device the caller cannot see answers 404 naming its position.',
          body: LabelRequest,
          produces: ['application/pdf'],
          response: { 200: PdfResponse, ...errorResponses },
        },
      },
      async (req, reply) =>
        sendPdf(reply, await deps.labels.labels(actorOf(req), req.body, baseUrlOf(req, deps.publicUrl))),
    );
  };
