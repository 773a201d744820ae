import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AssetTagSettings,
  CreateCustomFieldRequest,
  CreateDeviceTypeRequest,
  CreateManufacturerRequest,
  CreateModelRequest,
  CustomFieldDefinition,
  DeviceType,
  DeviceTypeListQuery,
  Manufacturer,
  ManufacturerListQuery,
  Model,
  ModelListQuery,
  pageOf,
  UpdateAssetTagSettingsRequest,
  UpdateCustomFieldRequest,
  UpdateDeviceTypeRequest,
  UpdateManufacturerRequest,
  UpdateModelRequest,
} from '../../../../contracts/index.ts';
import { actorOf, errorResponses, IdParams } from '../../../platform/http/routing.ts';
import type { InventoryService } from '../inventory.service.ts';

const tags = ['Inventory'];
const read = { permission: 'inventory.read' } as const;
const manage = { permission: 'catalog.manage' } as const;

/** Device types, manufacturers, models, custom fields and the asset-tag pattern. */
export const catalogRoutes =
  (inventory: InventoryService): FastifyPluginAsyncZod =>
  async (app) => {
    const { deviceTypes, manufacturers, models, customFields, assetTagSettings } = inventory;

    app.get(
      '/device-types',
      {
        config: read,
        schema: {
          tags,
          summary: 'List device types: FDA product codes and the organization’s own',
          description:
            '`q` matches words of the name, or a product code exactly (e.g. `FRN`). FDA rows carry the edition of the classification they came from.',
          querystring: DeviceTypeListQuery,
          response: { 200: pageOf(DeviceType), ...errorResponses },
        },
      },
      (req) => deviceTypes.listDeviceTypes(actorOf(req), req.query),
    );
    app.get(
      '/device-types/:id',
      {
        config: read,
        schema: {
          tags,
          summary: 'One device type',
          params: IdParams,
          response: { 200: DeviceType, ...errorResponses },
        },
      },
      (req) => deviceTypes.getDeviceType(actorOf(req), req.params.id),
    );
    app.post(
      '/device-types',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Create one of the organization’s own device types',
          body: CreateDeviceTypeRequest,
          response: { 201: DeviceType, ...errorResponses },
        },
      },
      async (req, reply) => reply.code(201).send(await deviceTypes.createDeviceType(actorOf(req), req.body)),
    );
    app.patch(
      '/device-types/:id',
      {
        config: manage,
        schema: {
          tags,
          summary:
            'Change one of the organization’s own device types (FDA rows are read-only: 409 INVALID_STATE)',
          params: IdParams,
          body: UpdateDeviceTypeRequest,
          response: { 200: DeviceType, ...errorResponses },
        },
      },
      (req) => deviceTypes.updateDeviceType(actorOf(req), req.params.id, req.body),
    );

    app.get(
      '/manufacturers',
      {
        config: read,
        schema: {
          tags,
          summary: 'List manufacturers',
          description:
            '`q` matches the name, the normalized name or an alias ("GE HEALTHCARE INC." finds GE HealthCare).',
          querystring: ManufacturerListQuery,
          response: { 200: pageOf(Manufacturer), ...errorResponses },
        },
      },
      (req) => manufacturers.listManufacturers(actorOf(req), req.query),
    );
    app.get(
      '/manufacturers/:id',
      {
        config: read,
        schema: {
          tags,
          summary: 'One manufacturer',
          params: IdParams,
          response: { 200: Manufacturer, ...errorResponses },
        },
      },
      (req) => manufacturers.getManufacturer(actorOf(req), req.params.id),
    );
    app.post(
      '/manufacturers',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Create a manufacturer with its aliases',
          description:
            'A name or alias that normalizes to an existing manufacturer’s name or alias answers 409 ALREADY_EXISTS naming the field.',
          body: CreateManufacturerRequest,
          response: { 201: Manufacturer, ...errorResponses },
        },
      },
      async (req, reply) =>
        reply.code(201).send(await manufacturers.createManufacturer(actorOf(req), req.body)),
    );
    app.patch(
      '/manufacturers/:id',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Rename or change a manufacturer (aliases, when sent, replace the list)',
          params: IdParams,
          body: UpdateManufacturerRequest,
          response: { 200: Manufacturer, ...errorResponses },
        },
      },
      (req) => manufacturers.updateManufacturer(actorOf(req), req.params.id, req.body),
    );

    app.get(
      '/models',
      {
        config: read,
        schema: {
          tags,
          summary: 'List models',
          description:
            '`q` matches manufacturer, model number and name, or a device identifier (a scanned UDI works).',
          querystring: ModelListQuery,
          response: { 200: pageOf(Model), ...errorResponses },
        },
      },
      (req) => models.listModels(actorOf(req), req.query),
    );
    app.get(
      '/models/:id',
      {
        config: read,
        schema: { tags, summary: 'One model', params: IdParams, response: { 200: Model, ...errorResponses } },
      },
      (req) => models.getModel(actorOf(req), req.params.id),
    );
    app.post(
      '/models',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Create a model',
          description:
            'Each of `deviceIdentifiers` is a bare DI (GTIN-14, HIBCC labeler and product) or a whole UDI from which the DI is taken. A wrong check digit answers 400 naming `deviceIdentifiers[i]` and the expected digit.',
          body: CreateModelRequest,
          response: { 201: Model, ...errorResponses },
        },
      },
      async (req, reply) => reply.code(201).send(await models.createModel(actorOf(req), req.body)),
    );
    app.patch(
      '/models/:id',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Change a model (device identifiers, when sent, replace the list)',
          params: IdParams,
          body: UpdateModelRequest,
          response: { 200: Model, ...errorResponses },
        },
      },
      (req) => models.updateModel(actorOf(req), req.params.id, req.body),
    );

    app.get(
      '/custom-fields',
      {
        config: read,
        schema: {
          tags,
          summary: 'The organization’s custom device fields',
          response: { 200: z.object({ items: z.array(CustomFieldDefinition) }), ...errorResponses },
        },
      },
      (req) => customFields.listCustomFields(actorOf(req)),
    );
    app.post(
      '/custom-fields',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Add a custom device field',
          body: CreateCustomFieldRequest,
          response: { 201: CustomFieldDefinition, ...errorResponses },
        },
      },
      async (req, reply) =>
        reply.code(201).send(await customFields.createCustomField(actorOf(req), req.body)),
    );
    app.patch(
      '/custom-fields/:id',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Change or deactivate a custom device field (its key and type stay)',
          params: IdParams,
          body: UpdateCustomFieldRequest,
          response: { 200: CustomFieldDefinition, ...errorResponses },
        },
      },
      (req) => customFields.updateCustomField(actorOf(req), req.params.id, req.body),
    );

    app.get(
      '/inventory/asset-tag-settings',
      {
        config: read,
        schema: {
          tags,
          summary: 'The pattern new asset tags are generated from',
          response: { 200: AssetTagSettings, ...errorResponses },
        },
      },
      (req) => assetTagSettings.getAssetTagSettings(actorOf(req)),
    );
    app.put(
      '/inventory/asset-tag-settings',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Change the asset-tag pattern (numbering never goes back)',
          body: UpdateAssetTagSettingsRequest,
          response: { 200: AssetTagSettings, ...errorResponses },
        },
      },
      (req) => assetTagSettings.updateAssetTagSettings(actorOf(req), req.body),
    );
  };
