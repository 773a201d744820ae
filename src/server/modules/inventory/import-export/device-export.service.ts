import { PassThrough, pipeline, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import { DEVICE_IMPORT_CONTENT_TYPES, type DeviceExportQuery } from '../../../../contracts/index.ts';
import { permittedSiteIds, requirePermission, type Actor } from '../../../platform/actor.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Db } from '../../../platform/db/database.ts';
import * as search from '../devices/device-search.queries.ts';
import { searchReadings } from '../devices/device-search.service.ts';
import { neutralizeCell } from '../devices/device.rules.ts';
import {
  csvCells,
  exportColumns,
  exportFileName,
  xlsxCells,
  xlsxNumberFormat,
  type ExportDevice,
} from './device-export.rules.ts';
import { activeCustomFields } from './device-import.queries.ts';

/** Devices read per query while streaming: each page is one short read, so no transaction stays open. */
const PAGE = 1000;

type ListRow = Awaited<ReturnType<typeof search.listDevices>>[number];

const toExportDevice = (r: ListRow): ExportDevice => ({
  id: r.id,
  assetTag: r.assetTag,
  serialNumber: r.serialNumber,
  manufacturer: r.manufacturerName,
  modelNumber: r.modelNumber,
  modelName: r.modelName,
  deviceType:
    r.deviceTypeName === null
      ? null
      : r.deviceTypeCode
        ? `${r.deviceTypeCode} ${r.deviceTypeName}`
        : r.deviceTypeName,
  udiRaw: r.udiRaw,
  siteCode: r.siteCode,
  siteName: r.siteName,
  building: r.building,
  floor: r.floor,
  room: r.room,
  department: r.department,
  ownership: r.ownership as ExportDevice['ownership'],
  serviceProvider: r.serviceProvider as ExportDevice['serviceProvider'],
  status: r.status as ExportDevice['status'],
  acquisitionDate: r.acquisitionDate,
  acquisitionCost: r.acquisitionCost,
  purchaseOrder: r.purchaseOrder,
  inServiceDate: r.inServiceDate,
  warrantyEnd: r.warrantyEnd,
  softwareVersion: r.softwareVersion,
  firmwareVersion: r.firmwareVersion,
  networkConnected: r.networkConnected,
  macAddress: r.macAddress,
  ipAddress: r.ipAddress,
  hostname: r.hostname,
  parentAssetTag: r.parentAssetTag,
  notes: r.notes,
  customFields: r.customFields,
  updatedAt: r.updatedAt.toISOString(),
});

export interface DeviceExportFile {
  fileName: string;
  contentType: string;
  body: Readable;
}

/**
 * Exports what the device list shows under the same filters, search and order (retired and disposed devices
 * included, as in the list), every device rather than one page. The file is written while pages are read, so a
 * large inventory never sits in memory whole.
 */
export function createDeviceExportService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  async function exportDevices(actor: Actor, query: DeviceExportQuery): Promise<DeviceExportFile> {
    requirePermission(actor, 'inventory.read');
    const statuses =
      query.status === undefined ? undefined : Array.isArray(query.status) ? query.status : [query.status];
    const base = {
      organizationId: actor.organizationId,
      siteIds: permittedSiteIds(actor),
      siteId: query.siteId,
      statuses,
      modelId: query.modelId,
      manufacturerId: query.manufacturerId,
      deviceTypeId: query.deviceTypeId,
      department: query.department || undefined,
      ownership: query.ownership,
      parentId: query.parentId,
      sort: query.sort,
      order: query.order,
    };
    // The search box reads the query the way the list does: the first reading that finds anything answers.
    const readings = searchReadings(query.q, clock.now());
    let match = readings[readings.length - 1] ?? { kind: 'none' as const };
    for (const reading of readings.slice(0, -1)) {
      if ((await search.listDevices(db, { ...base, match: reading, limit: 1 })).length > 0) {
        match = reading;
        break;
      }
    }
    const columns = exportColumns(await activeCustomFields(db, actor.organizationId));

    async function* devices(): AsyncGenerator<ExportDevice> {
      let after: { key: string; id: string } | undefined;
      for (;;) {
        const rows = await search.listDevices(db, { ...base, match, after, limit: PAGE });
        for (const r of rows) yield toExportDevice(r);
        const last = rows.at(-1);
        if (rows.length < PAGE || !last) return;
        after = { key: last.sortKey, id: last.id };
      }
    }

    const fileName = exportFileName(clock.now(), query.format);
    if (query.format === 'csv') {
      async function* records(): AsyncGenerator<string[]> {
        yield columns.map((c) => neutralizeCell(c.header));
        for await (const d of devices()) yield csvCells(columns, d);
      }
      // A byte-order mark so spreadsheet programs read the file as UTF-8; the import removes it.
      const body = pipeline(
        Readable.from(records()),
        stringify({ bom: true, record_delimiter: 'windows' }),
        () => undefined,
      );
      return { fileName, contentType: `${DEVICE_IMPORT_CONTENT_TYPES.csv}; charset=utf-8`, body };
    }

    const body = new PassThrough();
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: body,
      useStyles: true,
      useSharedStrings: false,
    });
    const sheet = workbook.addWorksheet('Devices', { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = columns.map((c) => ({
      header: neutralizeCell(c.header),
      width: Math.min(40, Math.max(10, c.header.length + 2)),
      style: xlsxNumberFormat[c.type] ? { numFmt: xlsxNumberFormat[c.type] } : {},
    }));
    void (async () => {
      for await (const d of devices()) sheet.addRow(xlsxCells(columns, d)).commit();
      sheet.commit();
      await workbook.commit();
    })().catch((err: unknown) => body.destroy(err instanceof Error ? err : new Error(String(err))));
    return { fileName, contentType: DEVICE_IMPORT_CONTENT_TYPES.xlsx, body };
  }

  return { exportDevices };
}

export type DeviceExportService = ReturnType<typeof createDeviceExportService>;
