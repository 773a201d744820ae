import { PassThrough, pipeline, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import {
  DEVICE_IMPORT_CONTENT_TYPES,
  type Device,
  type DeviceExportQuery,
  type DeviceListQuery,
} from '../../../../contracts/index.ts';
import { requirePermission, type Actor } from '../../../platform/actor.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Db } from '../../../platform/db/database.ts';
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

/** The device list's largest page: the export reads the list page by page, each page one short read. */
const PAGE = 200;

type ListDevices = (
  actor: Actor,
  query: DeviceListQuery,
) => Promise<{ items: Device[]; nextCursor: string | null }>;

const toExportDevice = (d: Device): ExportDevice => ({
  id: d.id,
  assetTag: d.assetTag,
  serialNumber: d.serialNumber,
  manufacturer: d.model.manufacturer.name,
  modelNumber: d.model.modelNumber,
  modelName: d.model.name,
  deviceType: d.model.deviceType
    ? [d.model.deviceType.productCode, d.model.deviceType.name].filter(Boolean).join(' ')
    : null,
  udiRaw: d.udiRaw,
  siteCode: d.site.code,
  siteName: d.site.name,
  building: d.building,
  floor: d.floor,
  room: d.room,
  department: d.department,
  ownership: d.ownership,
  serviceProvider: d.serviceProvider,
  status: d.status,
  acquisitionDate: d.acquisitionDate,
  acquisitionCost: d.acquisitionCost,
  purchaseOrder: d.purchaseOrder,
  inServiceDate: d.inServiceDate,
  warrantyEnd: d.warrantyEnd,
  softwareVersion: d.softwareVersion,
  firmwareVersion: d.firmwareVersion,
  networkConnected: d.networkConnected,
  macAddress: d.macAddress,
  ipAddress: d.ipAddress,
  hostname: d.hostname,
  parentAssetTag: d.parent?.assetTag ?? null,
  notes: d.notes,
  customFields: d.customFields,
  updatedAt: d.updatedAt,
});

export interface DeviceExportFile {
  fileName: string;
  contentType: string;
  body: Readable;
}

/**
 * Exports what the device list shows under the same filters, search and order (retired and disposed devices
 * included, as in the list), every device rather than one page: it reads the list itself, page by page, so the
 * two never disagree. The file is written while pages are read; a large inventory never sits in memory whole.
 */
export function createDeviceExportService(deps: { db: Db; clock: Clock; listDevices: ListDevices }) {
  const { db, clock } = deps;

  async function exportDevices(actor: Actor, query: DeviceExportQuery): Promise<DeviceExportFile> {
    requirePermission(actor, 'inventory.read');
    const { format, ...filters } = query;
    const list = (cursor: string | undefined) => deps.listDevices(actor, { ...filters, limit: PAGE, cursor });
    // The first page is read before answering, so a bad filter is an error answer rather than a broken file.
    const first = await list(undefined);
    const columns = exportColumns(await activeCustomFields(db, actor.organizationId));

    async function* devices(): AsyncGenerator<ExportDevice> {
      let page = first;
      for (;;) {
        for (const d of page.items) yield toExportDevice(d);
        if (!page.nextCursor) return;
        page = await list(page.nextCursor);
      }
    }

    const fileName = exportFileName(clock.now(), format);
    if (format === 'csv') {
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
