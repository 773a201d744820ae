import { DeviceType, Model, pageOf } from '../../../../contracts/index.ts';
import { api } from '../../../lib/api.ts';
import type { Option } from '../../../components/RemoteSelect.tsx';

/** Models and device types as picker options (the targets of plan templates and AEM assessments). */
export async function searchModels(q: string): Promise<Option[]> {
  const page = await api.get('/api/v1/models', pageOf(Model), { q, limit: 30 });
  return page.items.map((m) => ({
    value: m.id,
    label: `${m.manufacturer.name} ${m.modelNumber} — ${m.name}`,
  }));
}

export async function searchDeviceTypes(q: string): Promise<Option[]> {
  const page = await api.get('/api/v1/device-types', pageOf(DeviceType), { q, limit: 30 });
  return page.items.map((t) => ({
    value: t.id,
    label: `${t.productCode ? `${t.productCode} · ` : ''}${t.name}`,
  }));
}
