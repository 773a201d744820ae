import type { Client, TestApp } from '../../../../../test/support/app.ts';
import { manufacturerRequest, modelRequest } from '../../../../../test/support/inventory-builders.ts';

/** Test helpers: a site, a manufacturer, models of FDA device types, and devices in service since a date. */
export interface Call {
  <T>(
    client: Client,
    method: 'GET' | 'POST' | 'PATCH' | 'PUT',
    url: string,
    payload?: object,
  ): Promise<{ status: number; body: T; json: () => T }>;
}

export const callWith =
  (): Call =>
  async <T>(client: Client, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object) => {
    const res = await client.request({ method, url: `/api/v1${url}`, ...(payload ? { payload } : {}) });
    return { status: res.statusCode, body: res.json<T>(), json: () => res.json<T>() };
  };

export interface Fleet {
  siteId: string;
  manufacturerId: string;
  typeId(productCode: string): Promise<string>;
  model(productCode: string | null): Promise<string>;
  devices(modelId: string, count: number, inServiceDate: string | null): Promise<string[]>;
}

export async function createFleet(t: TestApp, call: Call, client: Client = t.admin): Promise<Fleet> {
  const code = `S${Math.floor(Math.random() * 1e6)}`;
  const site = await call<{ id: string }>(client, 'POST', '/sites', {
    name: `Site ${code}`,
    code,
    timeZone: 'UTC',
  });
  const m = await call<{ id: string }>(client, 'POST', '/manufacturers', manufacturerRequest(0));
  let variant = 1;
  const typeIds = new Map<string, string>();
  const typeId = async (productCode: string) => {
    const known = typeIds.get(productCode);
    if (known) return known;
    const res = await call<{ items: { id: string; productCode: string | null }[] }>(
      client,
      'GET',
      `/device-types?q=${productCode}&source=fda`,
    );
    const found = res.body.items.find((i) => i.productCode === productCode);
    if (!found) throw new Error(`no FDA device type ${productCode}`);
    typeIds.set(productCode, found.id);
    return found.id;
  };
  return {
    siteId: site.body.id,
    manufacturerId: m.body.id,
    typeId,
    async model(productCode) {
      const deviceTypeId = productCode ? await typeId(productCode) : null;
      const res = await call<{ id: string }>(
        client,
        'POST',
        '/models',
        modelRequest(m.body.id, { index: 0, variant: variant++, deviceTypeId }),
      );
      if (res.status !== 201) throw new Error(`model: ${JSON.stringify(res.body)}`);
      return res.body.id;
    },
    async devices(modelId, count, inServiceDate) {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        const res = await call<{ id: string }>(client, 'POST', '/devices', {
          modelId,
          siteId: site.body.id,
          inServiceDate,
          status: 'in_service',
        });
        if (res.status !== 201) throw new Error(`device: ${JSON.stringify(res.body)}`);
        ids.push(res.body.id);
      }
      return ids;
    },
  };
}
