export {
  workOrders,
  workOrderSequences,
  workOrderStatusHistory,
  workOrderLabor,
  workOrderParts,
  workOrderDowntime,
  workOrderSignatures,
  workOrderAddenda,
  workOrderAttempts,
} from './work-orders.schema.ts';
export {
  allocateWorkOrderNumbers,
  lastCompletedPreventive,
  correctiveFailureCounts,
} from './work-orders.queries.ts';
export {
  workOrderKinds,
  workOrderStatuses,
  workOrderPriorities,
  workOrderOutcomes,
  workOrderFindings,
  failureCauses,
  openWorkOrderStatuses,
  workOrderTransitions,
} from '../../../contracts/work-orders.ts';
export { createWorkOrdersService, type WorkOrdersService } from './work-orders.service.ts';
export { workOrdersRoutes } from './work-orders.routes.ts';
export { notifyDueWorkJob, createDueNoticesService, type DueNoticesService } from './work-orders.jobs.ts';
// Scheduling's SQL on work orders (maintenance module, H3).
export * from './scheduled-work.queries.ts';
// Maintenance history import (H4).
export * from './history-import/index.ts';
