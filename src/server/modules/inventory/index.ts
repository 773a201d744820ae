export { parseUdi, gtinCheckDigit, hibccCheckCharacter } from './udi/udi.rules.ts';
export { loadFdaClassification, ReferenceDataError } from './device-types/fda-classification.loader.ts';
export type { FdaProductCode } from './device-types/fda-classification.rules.ts';
export { inventoryRoutes } from './inventory.routes.ts';
export { createInventoryService, type InventoryService } from './inventory.service.ts';
export { syncFdaDeviceTypes, fdaSourceFingerprint, type FdaSyncResult } from './catalog/device-type.sync.ts';
export { reserveAssetTags } from './devices/asset-tags.queries.ts';
export { toDevice } from './devices/device.mappers.ts';
export type { DeviceViewRow } from './devices/device.queries.ts';
export {
  buildDemoHospital,
  buildDemoModels,
  demoGtin,
  DEMO_DEVICE_COUNT,
  DEMO_SEED,
  type DemoDevice,
  type DemoHospital,
  type DemoModel,
  type DemoStatusChange,
} from './demo/demo-hospital.builders.ts';
export { DEMO_MANUFACTURERS, DEMO_MODELS, DEMO_SITES } from './demo/demo-catalog.data.ts';
export { createRandom, type Random } from './demo/demo-random.ts';
export { loadDemoHospital, type DemoLoadResult } from './demo/demo-hospital.loader.ts';
// Tables other modules reference (foreign keys, read-only joins).
export { devices, deviceTypes, documents, models, manufacturers } from './inventory.schema.ts';
export { changeDeviceStatusInTransaction } from './devices/device-status.ts';
// Reading legacy files (used by the work order history import).
export {
  parseDeviceFile as parseImportFile,
  detectFormat as detectImportFormat,
  cellText,
  CellError,
  type Cell,
  type Sheet,
  type SheetRow,
} from './import-export/device-file.rules.ts';
export { readText, readDate, readMoney, quote, type Read } from './import-export/device-cells.rules.ts';
export { normalizeHeader } from './import-export/device-mapping.rules.ts';
export { sortProblems, MAX_PROBLEMS_LISTED } from './import-export/device-import.rules.ts';
export { normalizeManufacturerName, normalizeModelNumber } from './devices/device.rules.ts';
export { modelKey as demoModelKey } from './demo/demo-catalog.data.ts';
