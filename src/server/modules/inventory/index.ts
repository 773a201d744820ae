export { parseUdi, gtinCheckDigit, hibccCheckCharacter } from './udi/udi.rules.ts';
export { loadFdaClassification, ReferenceDataError } from './device-types/fda-classification.loader.ts';
export type { FdaProductCode } from './device-types/fda-classification.rules.ts';
export { inventoryRoutes } from './inventory.routes.ts';
export { createInventoryService, type InventoryService } from './inventory.service.ts';
export { syncFdaDeviceTypes, fdaSourceFingerprint, type FdaSyncResult } from './catalog/device-type.sync.ts';
export { reserveAssetTags } from './devices/asset-tags.queries.ts';
export { toDevice } from './devices/device.mappers.ts';
export type { DeviceViewRow } from './devices/device.queries.ts';
