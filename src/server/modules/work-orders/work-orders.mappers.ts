import type {
  WorkOrder,
  WorkOrderAddendum,
  WorkOrderAttempt,
  WorkOrderDowntime,
  WorkOrderLabor,
  WorkOrderPart,
  WorkOrderSignature,
  WorkOrderStatusChange,
} from '../../../contracts/index.ts';
import { signatureMeaningLabels } from '../../../contracts/index.ts';
import type {
  workOrderAddenda,
  workOrderAttempts,
  workOrderDowntime,
  workOrderLabor,
  workOrderParts,
  workOrderSignatures,
  workOrderStatusHistory,
} from './work-orders.schema.ts';
import type { WorkOrderRow, WorkOrderViewRow } from './work-orders.queries.ts';
import { isOverdue } from './work-order.rules.ts';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function toWorkOrder(r: WorkOrderViewRow, today: string): WorkOrder {
  return {
    id: r.id,
    number: r.number,
    kind: r.kind as WorkOrder['kind'],
    priority: r.priority as WorkOrder['priority'],
    status: r.status as WorkOrder['status'],
    device: {
      id: r.deviceId,
      assetTag: r.deviceAssetTag,
      serialNumber: r.deviceSerialNumber,
      status: r.deviceStatus,
      modelName: r.modelName,
      manufacturerName: r.manufacturerName,
      siteId: r.deviceSiteId,
      siteName: r.siteName,
      building: r.deviceBuilding,
      floor: r.deviceFloor,
      room: r.deviceRoom,
      department: r.deviceDepartment,
    },
    siteId: r.siteId,
    title: r.title,
    problem: r.problem,
    requesterName: r.requesterName,
    requesterContact: r.requesterContact,
    requestedBy: r.requestedBy,
    assignedUserId: r.assignedUserId,
    assignedUserName: r.assignedUserName,
    assignedTeam: r.assignedTeam,
    assignedVendor: r.assignedVendor,
    planId: r.planId,
    dueDate: r.dueDate,
    windowStart: r.windowStart,
    windowEnd: r.windowEnd,
    toleranceReferenceId: r.toleranceReferenceId,
    tasks: r.tasks,
    estimatedHours: r.estimatedHours,
    shop: r.shop,
    reportedAt: r.reportedAt.toISOString(),
    respondedAt: iso(r.respondedAt),
    startedAt: iso(r.startedAt),
    completedAt: iso(r.completedAt),
    returnedToServiceAt: iso(r.returnedToServiceAt),
    closedAt: iso(r.closedAt),
    cancelledAt: iso(r.cancelledAt),
    holdReason: r.holdReason,
    cancelReason: r.cancelReason,
    reopenReason: r.reopenReason,
    outcome: r.outcome as WorkOrder['outcome'],
    finding: r.finding as WorkOrder['finding'],
    failureCause: r.failureCause as WorkOrder['failureCause'],
    resolution: r.resolution,
    vendorCost: r.vendorCost,
    vendorReference: r.vendorReference,
    serviceReportDocumentId: r.serviceReportDocumentId,
    deviceDown: r.deviceDown,
    cnlAttempts: r.cnlAttempts,
    nextAttemptOn: r.nextAttemptOn,
    signedAt: iso(r.signedAt),
    overdue: isOverdue(r, today),
    source: r.source as WorkOrder['source'],
    importRef: r.importRef,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    version: r.version,
  };
}

export const toLabor = (r: typeof workOrderLabor.$inferSelect): WorkOrderLabor => ({
  id: r.id,
  userId: r.userId,
  technicianName: r.technicianName,
  workDate: r.workDate,
  hours: r.hours,
  note: r.note,
  createdAt: r.createdAt.toISOString(),
});

export const toPart = (r: typeof workOrderParts.$inferSelect): WorkOrderPart => ({
  id: r.id,
  partNumber: r.partNumber,
  description: r.description,
  quantity: r.quantity,
  unitCost: r.unitCost,
  createdAt: r.createdAt.toISOString(),
});

export const toDowntime = (r: typeof workOrderDowntime.$inferSelect): WorkOrderDowntime => ({
  id: r.id,
  deviceId: r.deviceId,
  startedAt: r.startedAt.toISOString(),
  endedAt: iso(r.endedAt),
});

export const toAttempt = (r: typeof workOrderAttempts.$inferSelect): WorkOrderAttempt => ({
  id: r.id,
  attemptedAt: r.attemptedAt.toISOString(),
  result: r.result as WorkOrderAttempt['result'],
  onTime: r.onTime,
  note: r.note,
  actorId: r.actorId,
  actorName: r.actorLabel,
});

export const toSignature = (r: typeof workOrderSignatures.$inferSelect): WorkOrderSignature => {
  const meaning = r.meaning as WorkOrderSignature['meaning'];
  return {
    id: r.id,
    addendumId: r.addendumId,
    signerUserId: r.signerUserId,
    printedName: r.printedName,
    meaning,
    meaningLabel: signatureMeaningLabels[meaning],
    signedAt: r.signedAt.toISOString(),
    recordSha256: r.recordSha256,
    canonicalVersion: r.canonicalVersion,
  };
};

export const toAddendum = (r: typeof workOrderAddenda.$inferSelect): WorkOrderAddendum => ({
  id: r.id,
  text: r.text,
  authorId: r.authorId,
  authorName: r.authorName,
  createdAt: r.createdAt.toISOString(),
});

export const toStatusChange = (r: typeof workOrderStatusHistory.$inferSelect): WorkOrderStatusChange => ({
  id: r.id,
  fromStatus: r.fromStatus as WorkOrderStatusChange['fromStatus'],
  toStatus: r.toStatus as WorkOrderStatusChange['toStatus'],
  reason: r.reason,
  actorId: r.actorId,
  actorName: r.actorLabel,
  occurredAt: r.occurredAt.toISOString(),
});

/**
 * The facts a completion signature is bound to (canonical field set version 1): everything about the work
 * except its workflow bookkeeping (status, closing, version), which may still move after signing.
 */
export function signedWorkOrderFacts(r: WorkOrderRow): Record<string, unknown> {
  return {
    id: r.id,
    number: r.number,
    kind: r.kind,
    priority: r.priority,
    deviceId: r.deviceId,
    title: r.title,
    problem: r.problem,
    requesterName: r.requesterName,
    requesterContact: r.requesterContact,
    assignedUserId: r.assignedUserId,
    assignedTeam: r.assignedTeam,
    assignedVendor: r.assignedVendor,
    planId: r.planId,
    dueDate: r.dueDate,
    windowStart: r.windowStart,
    windowEnd: r.windowEnd,
    tasks: r.tasks,
    reportedAt: iso(r.reportedAt),
    respondedAt: iso(r.respondedAt),
    startedAt: iso(r.startedAt),
    completedAt: iso(r.completedAt),
    returnedToServiceAt: iso(r.returnedToServiceAt),
    outcome: r.outcome,
    finding: r.finding,
    failureCause: r.failureCause,
    resolution: r.resolution,
    vendorCost: r.vendorCost,
    vendorReference: r.vendorReference,
    serviceReportDocumentId: r.serviceReportDocumentId,
    deviceDown: r.deviceDown,
    cnlAttempts: r.cnlAttempts,
  };
}

export const signedLaborFacts = (r: typeof workOrderLabor.$inferSelect) => ({
  id: r.id,
  userId: r.userId,
  technicianName: r.technicianName,
  workDate: r.workDate,
  hours: String(r.hours),
  note: r.note,
});

export const signedPartFacts = (r: typeof workOrderParts.$inferSelect) => ({
  id: r.id,
  partNumber: r.partNumber,
  description: r.description,
  quantity: String(r.quantity),
  unitCost: r.unitCost,
});
