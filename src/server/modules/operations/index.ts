export { createOperationsService, type OperationsService } from './operations.service.ts';
export { createBackupJob } from './operations.jobs.ts';
export { operationsRoutes } from './operations.routes.ts';
