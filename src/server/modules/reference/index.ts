export { referenceTables, type ReferenceTableRow } from './reference.schema.ts';
export {
  createReferenceService,
  findEffectiveReference,
  getPolicy,
  getRiskModel,
  getToleranceTable,
  listRiskModels,
  type EffectiveReference,
  type ReferenceService,
} from './reference.service.ts';
export {
  MAINTENANCE_REFERENCE_DIR,
  readShippedTables,
  shippedReferenceFingerprint,
  syncShippedReferenceTables,
  ReferenceTableFileError,
  type ReferenceSyncResult,
} from './reference.sync.ts';
export { referenceRoutes } from './reference.routes.ts';
