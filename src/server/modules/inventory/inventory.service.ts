import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { createCustomFieldsService } from './catalog/custom-field.service.ts';
import { createDeviceTypesService } from './catalog/device-type.service.ts';
import { createManufacturersService } from './catalog/manufacturer.service.ts';
import { createModelsService } from './catalog/model.service.ts';
import { createAssetTagSettingsService } from './devices/asset-tag.service.ts';
import { createDeviceSearchService } from './devices/device-search.service.ts';
import { createDevicesService } from './devices/device.service.ts';

/** The inventory's use cases: the catalog (device types, manufacturers, models, custom fields) and devices. */
export function createInventoryService(deps: { db: Db; clock: Clock }) {
  return {
    deviceTypes: createDeviceTypesService(deps),
    manufacturers: createManufacturersService(deps),
    models: createModelsService(deps),
    customFields: createCustomFieldsService(deps),
    assetTagSettings: createAssetTagSettingsService(deps),
    devices: createDevicesService(deps),
    deviceSearch: createDeviceSearchService(deps),
  };
}

export type InventoryService = ReturnType<typeof createInventoryService>;
