// Plans, due windows, scheduling and the workload forecast (H3).
export { createPlansService, type PlansService, type AemEligibilityCheck } from './plans/plan.service.ts';
export { planRoutes } from './plans/plan.routes.ts';
export { createSchedulingService, type SchedulingService } from './scheduling/schedule.service.ts';
export { schedulingRoutes } from './scheduling/scheduling.routes.ts';
export { scheduleWorkJob } from './scheduling/scheduling.jobs.ts';
