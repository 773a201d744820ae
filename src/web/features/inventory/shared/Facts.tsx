import type { ReactNode } from 'react';
import { DataList, Paper, Title } from '@mantine/core';
import { useIsPhone } from '../../../components/Overlays.tsx';

export type Fact = [label: string, value: ReactNode];

const shown = (value: ReactNode) => (value === null || value === undefined || value === '' ? '—' : value);

/** Labelled values as a description list (read by screen readers as term and definition). */
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

/** A titled card of a record page; `id` names the region for assistive technology. */
export function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby={id}>
      <Title order={2} size="h4" id={id} mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}
