export { createDeviceImportService, IMPORT_DEVICES_JOB } from './device-import.service.ts';
export type { DeviceImportService, ImportOutcome, ImportProgress } from './device-import.service.ts';
export { createDeviceExportService, type DeviceExportService } from './device-export.service.ts';
export { importDevicesJob } from './device-import.jobs.ts';
export { importExportRoutes } from './device-import.routes.ts';
