import type { LabelQuery, LabelRequest } from '../../../../contracts/index.ts';
import { permittedSiteIds, requirePermission, type Actor } from '../../../platform/actor.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Db } from '../../../platform/db/database.ts';
import { AppError, notFound } from '../../../platform/errors.ts';
import { labelsPerPage } from './label-stocks.ts';
import { renderLabelsPdf } from './label.pdf.ts';
import { devicePageTarget, labelContent, resolveStock, type QrTarget } from './label.rules.ts';
import { listLabelDevices } from './labels.queries.ts';

export interface LabelsPdf {
  pdf: Buffer;
  /** A download name such as `label-BME-001234.pdf`. */
  fileName: string;
  count: number;
}

/**
 * Asset-tag labels as PDF. `baseUrl` is where users reach the application (the configured public URL, else the
 * request's origin); the QR code points into it through `qrTarget`.
 */
export function createLabelsService(deps: { db: Db; clock: Clock; qrTarget?: QrTarget }) {
  const { db, clock } = deps;
  const qrTarget = deps.qrTarget ?? devicePageTarget;

  async function render(
    actor: Actor,
    deviceIds: readonly string[],
    options: LabelQuery,
    baseUrl: string,
  ): Promise<LabelsPdf> {
    requirePermission(actor, 'inventory.read');
    const stock = resolveStock(options.layout, options.sheet);
    const skip = options.layout === 'sheet' ? options.skip : 0;
    if (skip >= labelsPerPage(stock)) {
      throw new AppError('VALIDATION_FAILED', 'The sheet has fewer positions', [
        { field: 'skip', message: `must be less than ${labelsPerPage(stock)} on this sheet` },
      ]);
    }
    const unique = [...new Set(deviceIds)];
    const rows = await listLabelDevices(db, actor.organizationId, permittedSiteIds(actor), unique);
    const byId = new Map(rows.map((r) => [r.id, r]));
    // A device outside the caller's organization or sites is indistinguishable from one that does not exist.
    const missing = deviceIds.flatMap((id, i) => (byId.has(id) ? [] : [i]));
    if (missing.length > 0) {
      const err = notFound(missing.length === 1 ? 'Device' : 'Devices');
      throw new AppError(
        err.code,
        err.message,
        missing.slice(0, 20).map((i) => ({ field: `deviceIds.${i}`, message: 'no such device' })),
      );
    }
    const labels = deviceIds.flatMap((id) => {
      const row = byId.get(id);
      return row ? [labelContent(row, qrTarget, baseUrl)] : [];
    });
    const pdf = await renderLabelsPdf(labels, stock, {
      title: labels.length === 1 ? `Asset tag label ${labels[0]?.tag ?? ''}` : 'Asset tag labels',
      createdAt: clock.now(),
      skip,
    });
    const first = labels[0]?.tag ?? 'device';
    const fileName =
      labels.length === 1 ? `label-${first.replace(/[^A-Za-z0-9._-]+/g, '_')}.pdf` : 'asset-tag-labels.pdf';
    return { pdf, fileName, count: labels.length };
  }

  return {
    /** One device's label. */
    deviceLabel: (actor: Actor, deviceId: string, options: LabelQuery, baseUrl: string) =>
      render(actor, [deviceId], options, baseUrl),
    /** Labels for many devices, in the order given (a device listed twice gets two labels). */
    labels: (actor: Actor, input: LabelRequest, baseUrl: string) =>
      render(actor, input.deviceIds, input, baseUrl),
  };
}

export type LabelsService = ReturnType<typeof createLabelsService>;
