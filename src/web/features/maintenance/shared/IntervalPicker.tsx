import { Chip, Group, NumberInput, NativeSelect, Stack, Text } from '@mantine/core';
import { useId } from 'react';
import {
  commonIntervals,
  fromIsoDuration,
  intervalUnitLabels,
  toIsoDuration,
  type IntervalUnit,
} from './interval.ts';

interface IntervalPickerProps {
  label: string;
  /** ISO 8601 duration, e.g. "P6M"; '' while nothing valid is picked. */
  value: string;
  onChange: (iso: string) => void;
  error?: string;
  required?: boolean;
}

const units = Object.keys(intervalUnitLabels) as IntervalUnit[];

/**
 * Picks a maintenance interval as "every N days/weeks/months/years" (or a common one with one tap) and hands back
 * the ISO 8601 duration the API takes (domain reference §1.4 frequencies).
 */
export function IntervalPicker({ label, value, onChange, error, required }: IntervalPickerProps) {
  const id = useId();
  const picked = fromIsoDuration(value) ?? { count: 1, unit: 'years' as IntervalUnit };
  const set = (count: number, unit: IntervalUnit) => onChange(toIsoDuration({ count, unit }) ?? '');
  return (
    <Stack gap={6} role="group" aria-labelledby={`${id}-label`}>
      <Text id={`${id}-label`} size="sm" fw={500}>
        {label}
        {required ? (
          <Text span c="red" aria-hidden>
            {' '}
            *
          </Text>
        ) : null}
      </Text>
      <Chip.Group multiple={false} value={value} onChange={(iso) => onChange(iso)}>
        <Group gap={6}>
          {commonIntervals.map((c) => (
            <Chip key={c.iso} value={c.iso} size="xs" variant="outline">
              {c.label}
            </Chip>
          ))}
        </Group>
      </Chip.Group>
      <Group gap="xs" align="flex-start" wrap="nowrap">
        <NumberInput
          label="Every"
          min={1}
          max={120}
          allowDecimal={false}
          value={picked.count}
          onChange={(v) => set(typeof v === 'number' ? v : Number.parseInt(v, 10), picked.unit)}
          w={96}
        />
        <NativeSelect
          label="Unit"
          data={units.map((u) => ({ value: u, label: intervalUnitLabels[u] }))}
          value={picked.unit}
          onChange={(e) => {
            const unit = units.find((u) => u === e.currentTarget.value);
            if (unit) set(picked.count, unit);
          }}
          w={130}
        />
        <Text size="xs" c="dimmed" mt={30} ff="monospace" aria-label="ISO 8601 interval">
          {value || '—'}
        </Text>
      </Group>
      {error ? (
        <Text size="xs" c="red" role="alert">
          {error}
        </Text>
      ) : null}
    </Stack>
  );
}
