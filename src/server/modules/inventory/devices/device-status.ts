import { and, eq } from 'drizzle-orm';
import type { DeviceStatus } from '../../../../contracts/index.ts';
import type { Actor } from '../../../platform/actor.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Tx } from '../../../platform/db/database.ts';
import { notFound, versionConflict } from '../../../platform/errors.ts';
import { invalidTransition } from './device.service.ts';
import * as q from './device.queries.ts';
import { mayTransition } from './device.rules.ts';
import { devices } from '../inventory.schema.ts';

/**
 * Moves a device along its lifecycle inside the caller's transaction (work that takes a device out of service,
 * returns it, or declares it missing), with the lifecycle history row naming the reason. The device row is
 * locked first, so concurrent steps serialize. A step to the status the device already has does nothing. The
 * caller has checked its own permission (e.g. work-orders.perform), and its one audit event for the request
 * carries the step (`deviceStatus: { from, to }`); the lifecycle rules are the inventory's.
 */
export async function changeDeviceStatusInTransaction(
  tx: Tx,
  actor: Actor,
  clock: Clock,
  input: { deviceId: string; status: DeviceStatus; reason: string; expectedVersion?: number },
): Promise<{ from: DeviceStatus; to: DeviceStatus; changed: boolean }> {
  const org = actor.organizationId;
  const [locked] = await tx
    .select({ id: devices.id })
    .from(devices)
    .where(and(eq(devices.organizationId, org), eq(devices.id, input.deviceId)))
    .for('update');
  if (!locked) throw notFound('Device');
  const before = await q.findDeviceView(tx, org, input.deviceId, undefined);
  if (!before) throw notFound('Device');
  if (input.expectedVersion !== undefined && before.version !== input.expectedVersion)
    throw versionConflict('The device');
  const from = before.status as DeviceStatus;
  if (from === input.status) return { from, to: from, changed: false };
  if (!mayTransition(from, input.status)) throw invalidTransition(from, input.status);
  const now = clock.now();
  const row = await q.updateDevice(tx, org, input.deviceId, before.version, {
    status: input.status,
    statusChangedAt: now,
    updatedAt: now,
  });
  if (!row) throw versionConflict('The device');
  await q.insertStatusChange(tx, {
    organizationId: org,
    deviceId: input.deviceId,
    fromStatus: from,
    toStatus: input.status,
    reason: input.reason,
    actorId: actor.userId,
    actorLabel: actor.label,
    occurredAt: now,
  });
  return { from, to: input.status, changed: true };
}
