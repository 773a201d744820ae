// Plans, due windows, scheduling and the workload forecast (H3).
export { createPlansService, type PlansService, type AemEligibilityCheck } from './plans/plan.service.ts';
export { planRoutes } from './plans/plan.routes.ts';
export { createSchedulingService, type SchedulingService } from './scheduling/schedule.service.ts';
export { schedulingRoutes } from './scheduling/scheduling.routes.ts';
export { scheduleWorkJob } from './scheduling/scheduling.jobs.ts';
// Risk and strategy, maintenance profiles, the AEM program (H1).
export { createRiskService, type RiskService } from './risk/risk.service.ts';
export { riskRoutes } from './risk/risk.routes.ts';
export { createProfileService, type ProfileService } from './profiles/profile.service.ts';
export { profileRoutes } from './profiles/profile.routes.ts';
export { createAemService, type AemService } from './aem/aem.service.ts';
export { aemRoutes } from './aem/aem.routes.ts';
export { checkAemEligibility, assertAemAllowed, type AemTarget } from './aem/aem-eligibility.ts';
// Demo hospital maintenance program (H4).
export {
  loadDemoMaintenance,
  loadDemoPlans,
  loadDemoHistory,
  type DemoMaintenanceResult,
} from './demo/demo-maintenance.loader.ts';
export {
  buildDemoHistory,
  buildDemoTemplates,
  demoHistoryCsv,
  type DemoHistoryRecord,
} from './demo/demo-maintenance.builders.ts';
