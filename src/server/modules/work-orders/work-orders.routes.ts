import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AddAddendumRequest,
  AddLaborRequest,
  AddPartRequest,
  AssignWorkOrderRequest,
  BulkAssignRequest,
  BulkAssignResponse,
  CompleteWorkOrderRequest,
  CreateWorkOrderRequest,
  DeviceFoundRequest,
  DeviceWorkOrdersQuery,
  EscalateMissingRequest,
  ErrorResponse,
  MyWorkQuery,
  MyWorkResponse,
  RecordAttemptRequest,
  RetireEntryRequest,
  SignatureVerification,
  UpdateWorkOrderRequest,
  WorkOrderDetail,
  WorkOrderListQuery,
  WorkOrderListResponse,
  WorkOrderReasonRequest,
  WorkOrderVersionRequest,
} from '../../../contracts/index.ts';
import type { IdempotentResult } from '../../platform/http/idempotency.ts';
import { actorOf, errorResponses, IdParams } from '../../platform/http/routing.ts';
import type { WorkOrdersService } from './work-orders.service.ts';

const tags = ['Work orders'];
const read = { permission: 'work-orders.read' } as const;
const request = { permission: 'work-orders.request' } as const;
const perform = { permission: 'work-orders.perform' } as const;
const manage = { permission: 'work-orders.manage' } as const;

/** `Idempotency-Key`: a retry with the same key and body gets the first answer; another body gets 422. */
const IdempotencyHeaders = z.looseObject({
  'idempotency-key': z
    .string()
    .max(200)
    .optional()
    .describe(
      'Makes a retry safe: the same key and body answer the first result; a different body is refused',
    ),
});
const withReuse = { ...errorResponses, 422: ErrorResponse };

function answer<T>(reply: FastifyReply, result: IdempotentResult<T>) {
  if (result.replayed) void reply.header('idempotent-replayed', 'true');
  return reply.code(result.statusCode).send(result.body);
}

export const workOrdersRoutes =
  (workOrders: WorkOrdersService): FastifyPluginAsyncZod =>
  async (app) => {
    const wo = workOrders;
    app.get(
      '/work-orders',
      {
        config: read,
        schema: {
          tags,
          summary: 'List work orders (by due date, then number)',
          description:
            '`status` and `kind` take comma-separated lists; `assignee=me` is the caller; `overdue=true` is open work past its window end (or due date). Scoped to the caller’s sites.',
          querystring: WorkOrderListQuery,
          response: { 200: WorkOrderListResponse, ...errorResponses },
        },
      },
      (req) => wo.listWorkOrders(actorOf(req), req.query),
    );
    app.get(
      '/work-orders/my-work',
      {
        config: read,
        schema: {
          tags,
          summary: 'My work: my open work due today, overdue, upcoming and unscheduled, by location',
          querystring: MyWorkQuery,
          response: { 200: MyWorkResponse, ...errorResponses },
        },
      },
      (req) => wo.myWork(actorOf(req), req.query),
    );
    app.get(
      '/work-orders/:id',
      {
        config: read,
        schema: {
          tags,
          summary:
            'One work order with labor, parts, downtime, attempts, signatures, addenda, history and the actions allowed now',
          params: IdParams,
          response: { 200: WorkOrderDetail, ...errorResponses },
        },
      },
      (req) => wo.getWorkOrder(actorOf(req), req.params.id),
    );
    app.post(
      '/work-orders',
      {
        config: request,
        schema: {
          tags,
          summary: 'Report work on a device (a corrective request, or any kind)',
          description:
            'Send an `Idempotency-Key` header to make retries safe. `deviceDown: true` takes the device out of service and starts downtime. Assigning at creation needs work-orders.manage.',
          headers: IdempotencyHeaders,
          body: CreateWorkOrderRequest,
          response: { 201: WorkOrderDetail, ...withReuse },
        },
      },
      async (req, reply) =>
        answer(reply, await wo.createWorkOrder(actorOf(req), req.body, req.headers['idempotency-key'])),
    );
    app.patch(
      '/work-orders/:id',
      {
        config: perform,
        schema: {
          tags,
          summary: 'Change an open work order (optimistic: send the version you read)',
          description:
            'A signed work order answers 409 WORK_ORDER_SIGNED (add an addendum instead). `deviceDown` true/false starts or ends downtime and moves the device out of or back into service.',
          params: IdParams,
          body: UpdateWorkOrderRequest,
          response: { 200: WorkOrderDetail, ...errorResponses },
        },
      },
      (req) => wo.updateWorkOrder(actorOf(req), req.params.id, req.body),
    );

    const step = <B extends z.ZodType>(
      path: string,
      permission: 'work-orders.perform' | 'work-orders.manage',
      summary: string,
      body: B,
      run: (actor: ReturnType<typeof actorOf>, id: string, body: z.infer<B>) => Promise<WorkOrderDetail>,
      description?: string,
    ) =>
      app.post(
        `/work-orders/:id/${path}`,
        {
          config: { permission },
          schema: {
            tags,
            summary,
            ...(description ? { description } : {}),
            params: IdParams,
            body,
            response: { 200: WorkOrderDetail, ...errorResponses },
          },
        },
        (req) => run(actorOf(req), req.params.id, req.body as z.infer<B>),
      );

    step(
      'assign',
      'work-orders.manage',
      'Assign to a technician, team or vendor',
      AssignWorkOrderRequest,
      (a, id, b) => wo.assignWorkOrder(a, id, b),
    );
    step(
      'start',
      'work-orders.perform',
      'Start the work (takes unassigned work)',
      WorkOrderVersionRequest,
      (a, id, b) => wo.startWorkOrder(a, id, b),
    );
    step(
      'hold',
      'work-orders.perform',
      'Put the work on hold, with a reason',
      WorkOrderReasonRequest,
      (a, id, b) => wo.holdWorkOrder(a, id, b),
    );
    step('resume', 'work-orders.perform', 'Resume work on hold', WorkOrderVersionRequest, (a, id, b) =>
      wo.resumeWorkOrder(a, id, b),
    );
    step(
      'complete',
      'work-orders.perform',
      'Complete and sign (re-enter the password)',
      CompleteWorkOrderRequest,
      (a, id, b) => wo.completeWorkOrder(a, id, b),
      'An electronic signature: printed name, time and meaning bound to the SHA-256 of the record (labor and parts included). A wrong password answers 403 SIGNATURE_REJECTED and nothing is written. Outcome completed returns a device that was down to service.',
    );
    step(
      'close',
      'work-orders.manage',
      'Close completed work (a manager’s step)',
      WorkOrderVersionRequest,
      (a, id, b) => wo.closeWorkOrder(a, id, b),
    );
    step('cancel', 'work-orders.manage', 'Cancel, with a reason', WorkOrderReasonRequest, (a, id, b) =>
      wo.cancelWorkOrder(a, id, b),
    );
    step(
      'reopen',
      'work-orders.manage',
      'Reopen cancelled work, with a reason',
      WorkOrderReasonRequest,
      (a, id, b) => wo.reopenWorkOrder(a, id, b),
    );
    step('labor', 'work-orders.perform', 'Record labor', AddLaborRequest, (a, id, b) =>
      wo.addLabor(a, id, b),
    );
    step('parts', 'work-orders.perform', 'Record a part used', AddPartRequest, (a, id, b) =>
      wo.addPart(a, id, b),
    );
    step(
      'labor/retire',
      'work-orders.perform',
      'Retire a mistaken labor entry, with a reason',
      RetireEntryRequest,
      (a, id, b) => wo.retireLabor(a, id, b),
    );
    step(
      'parts/retire',
      'work-orders.perform',
      'Retire a mistaken parts entry, with a reason',
      RetireEntryRequest,
      (a, id, b) => wo.retirePart(a, id, b),
    );
    step(
      'escalate-missing',
      'work-orders.manage',
      'Declare the device missing after the policy’s could-not-locate attempts (supervisor signs)',
      EscalateMissingRequest,
      (a, id, b) => wo.escalateMissing(a, id, b),
    );

    app.post(
      '/work-orders/:id/attempts',
      {
        config: perform,
        schema: {
          tags,
          summary: 'Record a could-not-locate or in-use attempt',
          description:
            'On time when made inside the due window (domain reference §1.5); the next attempt falls `cnlRetryDays` later (policy). Accepts `Idempotency-Key`.',
          headers: IdempotencyHeaders,
          params: IdParams,
          body: RecordAttemptRequest,
          response: { 200: WorkOrderDetail, ...withReuse },
        },
      },
      async (req, reply) =>
        answer(
          reply,
          await wo.recordAttempt(actorOf(req), req.params.id, req.body, req.headers['idempotency-key']),
        ),
    );
    app.post(
      '/work-orders/:id/addenda',
      {
        config: perform,
        schema: {
          tags,
          summary: 'Add a signed addendum to a signed work order',
          description:
            'Re-enter the password; the addendum is signed and audited. Accepts `Idempotency-Key`.',
          headers: IdempotencyHeaders,
          params: IdParams,
          body: AddAddendumRequest,
          response: { 201: WorkOrderDetail, ...withReuse },
        },
      },
      async (req, reply) =>
        answer(
          reply,
          await wo.addAddendum(actorOf(req), req.params.id, req.body, req.headers['idempotency-key']),
        ),
    );
    app.get(
      '/work-orders/:id/signatures/verify',
      {
        config: read,
        schema: {
          tags,
          summary: 'Recompute each signature’s hash from the record as it stands',
          params: IdParams,
          response: { 200: SignatureVerification, ...errorResponses },
        },
      },
      (req) => wo.verifySignatures(actorOf(req), req.params.id),
    );
    app.post(
      '/work-orders/bulk-assign',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Assign several work orders at once (all or nothing)',
          body: BulkAssignRequest,
          response: { 200: BulkAssignResponse, ...errorResponses },
        },
      },
      (req) => wo.bulkAssign(actorOf(req), req.body),
    );
    app.get(
      '/devices/:id/work-orders',
      {
        config: read,
        schema: {
          tags,
          summary: 'A device’s work history, newest first',
          params: IdParams,
          querystring: DeviceWorkOrdersQuery,
          response: { 200: WorkOrderListResponse, ...errorResponses },
        },
      },
      (req) => wo.listDeviceWorkOrders(actorOf(req), req.params.id, req.query),
    );
    app.post(
      '/devices/:id/found',
      {
        config: manage,
        schema: {
          tags,
          summary:
            'A missing or inactive device was found: out of service, with a check before return to service',
          params: IdParams,
          body: DeviceFoundRequest,
          response: { 201: WorkOrderDetail, ...errorResponses },
        },
      },
      async (req, reply) => reply.code(201).send(await wo.deviceFound(actorOf(req), req.params.id, req.body)),
    );
  };
