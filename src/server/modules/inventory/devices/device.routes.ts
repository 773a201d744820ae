import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  ChangeDeviceStatusRequest,
  CreateDeviceRequest,
  Device,
  DeviceHistoryResponse,
  DeviceListQuery,
  DeviceListResponse,
  pageOf,
  PageQuery,
  UpdateDeviceRequest,
} from '../../../../contracts/index.ts';
import { actorOf, errorResponses, IdParams } from '../../../platform/http/routing.ts';
import type { InventoryService } from '../inventory.service.ts';

const tags = ['Inventory'];
const read = { permission: 'inventory.read' } as const;
const manage = { permission: 'inventory.manage' } as const;

export const deviceRoutes =
  (inventory: InventoryService): FastifyPluginAsyncZod =>
  async (app) => {
    const { devices, deviceSearch } = inventory;

    app.get(
      '/devices',
      {
        config: read,
        schema: {
          tags,
          summary: 'List and search devices',
          description:
            'The search box `q` takes a scanned or typed UDI (matched on the device identifier of the device or its model, and on the UDI’s serial), an exact asset tag, an exact serial number, or words found in the device, its model, manufacturer (and aliases) or device type, in that order; `match` says which reading answered. Retired and disposed devices are included unless `status` says otherwise (a comma-separated list is accepted).',
          querystring: DeviceListQuery,
          response: { 200: DeviceListResponse, ...errorResponses },
        },
      },
      (req) => deviceSearch.listDevices(actorOf(req), req.query),
    );
    app.get(
      '/devices/:id',
      {
        config: read,
        schema: {
          tags,
          summary: 'One device',
          params: IdParams,
          response: { 200: Device, ...errorResponses },
        },
      },
      (req) => devices.getDevice(actorOf(req), req.params.id),
    );
    app.post(
      '/devices',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Add a device to the inventory',
          description:
            'Without `assetTag`, one is generated from the organization’s pattern. The asset tag is unique in the organization (case-insensitive) and the serial number within the model: a clash answers 409 ALREADY_EXISTS naming the field.',
          body: CreateDeviceRequest,
          response: { 201: Device, ...errorResponses },
        },
      },
      async (req, reply) => reply.code(201).send(await devices.createDevice(actorOf(req), req.body)),
    );
    app.patch(
      '/devices/:id',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Change a device (optimistic: send the version you read)',
          params: IdParams,
          body: UpdateDeviceRequest,
          response: { 200: Device, ...errorResponses },
        },
      },
      (req) => devices.updateDevice(actorOf(req), req.params.id, req.body),
    );
    app.post(
      '/devices/:id/status',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Move a device along its lifecycle, with a reason',
          description:
            'A step the lifecycle does not allow answers 409 INVALID_TRANSITION; disposed is final.',
          params: IdParams,
          body: ChangeDeviceStatusRequest,
          response: { 200: Device, ...errorResponses },
        },
      },
      (req) => devices.changeDeviceStatus(actorOf(req), req.params.id, req.body),
    );
    app.get(
      '/devices/:id/history',
      {
        config: read,
        schema: {
          tags,
          summary: 'A device’s lifecycle history, newest first (append-only)',
          params: IdParams,
          response: { 200: DeviceHistoryResponse, ...errorResponses },
        },
      },
      (req) => devices.listDeviceHistory(actorOf(req), req.params.id),
    );
    app.get(
      '/devices/:id/children',
      {
        config: read,
        schema: {
          tags,
          summary: 'The components of a device (a system’s parts)',
          params: IdParams,
          querystring: PageQuery,
          response: { 200: pageOf(Device), ...errorResponses },
        },
      },
      (req) => deviceSearch.listChildren(actorOf(req), req.params.id, req.query),
    );
  };
