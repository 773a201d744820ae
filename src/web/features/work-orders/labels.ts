import type {
  AttemptResult,
  FailureCause,
  WorkOrder,
  WorkOrderFinding,
  WorkOrderOutcome,
  WorkOrderPriority,
} from '../../../contracts/index.ts';

export const priorityLabels: Record<WorkOrderPriority, string> = {
  emergency: 'Emergency',
  urgent: 'Urgent',
  high: 'High',
  routine: 'Routine',
  low: 'Low',
};

export const priorityColors: Record<WorkOrderPriority, string> = {
  emergency: 'red',
  urgent: 'orange',
  high: 'yellow',
  routine: 'blue',
  low: 'gray',
};

export const outcomeLabels: Record<WorkOrderOutcome, string> = {
  completed: 'Completed',
  could_not_locate: 'Could not locate',
  in_use_deferred: 'In use — deferred',
  out_for_repair: 'Out for repair',
  removed_from_service: 'Removed from service',
};

export const findingLabels: Record<WorkOrderFinding, string> = {
  no_problem: 'No problem found',
  user_evident_failure: 'User-evident failure',
  hidden_failure: 'Hidden failure',
  pm_preventable_degradation: 'PM-preventable degradation',
};

export const failureCauseLabels: Record<FailureCause, string> = {
  none: 'None',
  wear_and_tear: 'Wear and tear',
  component_failure: 'Component failure',
  battery: 'Battery',
  accessory: 'Accessory',
  software: 'Software',
  electrical: 'Electrical',
  mechanical: 'Mechanical',
  calibration_drift: 'Calibration drift',
  user_error: 'User error',
  abuse_or_damage: 'Abuse or damage',
  environment: 'Environment',
  network: 'Network',
  manufacturer_defect: 'Manufacturer defect',
  unknown: 'Unknown',
};

export const attemptLabels: Record<AttemptResult, string> = {
  could_not_locate: 'Could not locate',
  in_use: 'In use',
};

/** "Main Campus · Tower A · floor 3 · room 312". */
export function locationOf(device: WorkOrder['device']): string {
  return [
    device.siteName,
    device.building,
    device.floor ? `floor ${device.floor}` : null,
    device.room ? `room ${device.room}` : null,
  ]
    .filter((part): part is string => part !== null && part !== '')
    .join(' · ');
}

/** "Mar 1 – Mar 31, 2026 (due Mar 15, 2026)" style text for a due date and its window. */
export function dueText(
  wo: Pick<WorkOrder, 'dueDate' | 'windowStart' | 'windowEnd'>,
  format: (isoDate: string) => string,
) {
  if (!wo.dueDate) return 'No due date';
  const due = `Due ${format(wo.dueDate)}`;
  if (wo.windowStart && wo.windowEnd)
    return `${due} (window ${format(wo.windowStart)} – ${format(wo.windowEnd)})`;
  return due;
}

const calendarDate = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

/** A calendar date (YYYY-MM-DD) as written, whatever the browser's zone (no shift to the previous day). */
export function formatCalendarDate(isoDate: string | null | undefined, fallback = '—'): string {
  if (!isoDate) return fallback;
  const date = new Date(`${isoDate}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? isoDate : calendarDate.format(date);
}
