export { parseUdi, gtinCheckDigit, hibccCheckCharacter } from './udi/udi.rules.ts';
export { loadFdaClassification, ReferenceDataError } from './device-types/fda-classification.loader.ts';
export type { FdaProductCode } from './device-types/fda-classification.rules.ts';
export { inventoryRoutes } from './inventory.routes.ts';
