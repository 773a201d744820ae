import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { UdiParseRequest, UdiParseResult } from '../../../contracts/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { errorResponses } from '../../platform/http/routing.ts';
import { catalogRoutes } from './catalog/catalog.routes.ts';
import { deviceRoutes } from './devices/device.routes.ts';
import type { InventoryService } from './inventory.service.ts';
import { parseUdi } from './udi/udi.rules.ts';

export const inventoryRoutes =
  (deps: { clock: Clock; inventory: InventoryService }): FastifyPluginAsyncZod =>
  async (app) => {
    await app.register(catalogRoutes(deps.inventory));
    await app.register(deviceRoutes(deps.inventory));
    app.post(
      '/udi/parse',
      {
        config: { anyUser: true },
        schema: {
          tags: ['Inventory'],
          summary: 'Parse a UDI (GS1, HIBCC or ICCBBA) into its device and production identifiers',
          description:
            'Reads nothing and writes nothing. Problems (a wrong check digit with the expected one, an impossible date) are listed in `errors`; the answer is 200 either way.',
          body: UdiParseRequest,
          response: { 200: UdiParseResult, ...errorResponses },
        },
      },
      async (req) => parseUdi(req.body.code, deps.clock.now()),
    );
  };
