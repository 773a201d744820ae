import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  DeviceMaintenanceProfile,
  MaintenanceProfile,
  ProfileScope,
  UpdateMaintenanceProfileRequest,
  uuid,
} from '../../../../contracts/index.ts';
import { actorOf, errorResponses, IdParams } from '../../../platform/http/routing.ts';
import type { ProfileService } from './profile.service.ts';

const tags = ['Maintenance program'];
const read = { permission: 'maintenance.read' } as const;
const manage = { permission: 'maintenance.manage' } as const;
const ScopeParams = z.object({ scope: ProfileScope, targetId: uuid });

export const profileRoutes =
  (profiles: ProfileService): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/devices/:id/maintenance-profile',
      {
        config: read,
        schema: {
          tags,
          summary:
            'A device’s effective maintenance profile, where each value comes from, risk and AEM eligibility',
          params: IdParams,
          response: { 200: DeviceMaintenanceProfile, ...errorResponses },
        },
      },
      (req) => profiles.getDeviceProfile(actorOf(req), req.params.id),
    );
    app.get(
      '/maintenance-profiles/:scope/:targetId',
      {
        config: read,
        schema: {
          tags,
          summary:
            'The maintenance profile of one level (device type, model or device); version 0 when unset',
          params: ScopeParams,
          response: { 200: MaintenanceProfile, ...errorResponses },
        },
      },
      (req) => profiles.getProfile(actorOf(req), req.params.scope, req.params.targetId),
    );
    app.put(
      '/maintenance-profiles/:scope/:targetId',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Set a level’s profile fields (null = inherit); AEM on excluded equipment is refused',
          description:
            'An AEM strategy on imaging/radiologic equipment, a medical laser, equipment under law or CoP, or with insufficient history is refused with 409 AEM_NOT_ALLOWED naming each reason (CMS S&C 14-07; TJC EC.02.04.01 EP5).',
          params: ScopeParams,
          body: UpdateMaintenanceProfileRequest,
          response: { 200: MaintenanceProfile, ...errorResponses },
        },
      },
      (req) => profiles.updateProfile(actorOf(req), req.params.scope, req.params.targetId, req.body),
    );
  };
