import type { ReactNode } from 'react';
import { DataList } from '@mantine/core';
import { useIsPhone } from '../../../components/Overlays.tsx';

export type Fact = [label: string, value: ReactNode];

const shown = (value: ReactNode) => (value === null || value === undefined || value === '' ? '—' : value);

/** Labelled values as a description list; stacked on phones. */
export function Facts({ facts }: { facts: readonly Fact[] }) {
  const phone = useIsPhone();
  return (
    <DataList size="sm" labelWidth="11rem" withDivider orientation={phone ? 'vertical' : 'horizontal'}>
      {facts.map(([label, value]) => (
        <DataList.Item key={label}>
          <DataList.ItemLabel c="dimmed">{label}</DataList.ItemLabel>
          <DataList.ItemValue>{shown(value)}</DataList.ItemValue>
        </DataList.Item>
      ))}
    </DataList>
  );
}
