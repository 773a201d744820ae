export {
  createHistoryImportService,
  IMPORT_WORK_ORDERS_JOB,
  type HistoryImportService,
  type HistoryImportOutcome,
  type HistoryProgress,
} from './history-import.service.ts';
export { importHistoryJob } from './history-import.jobs.ts';
export { historyImportRoutes } from './history-import.routes.ts';
export { writeImportedWorkOrders, type AllocateNumbers } from './history-import-write.ts';
export type { PreparedWorkOrder } from './history-import.rules.ts';
