import type { ReactNode } from 'react';
import { Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useIsPhone } from '../../../components/Overlays.tsx';
import { formatCalendarDate, todayIsoDate } from './interval.ts';
import { monthGrid, monthLabel, weekdayNames } from './calendar.ts';

export interface CalendarEntry {
  id: string;
  /** ISO calendar date the entry falls on. */
  date: string;
}

interface MonthCalendarProps<T extends CalendarEntry> {
  month: string;
  entries: readonly T[];
  renderEntry: (entry: T) => ReactNode;
}

function byDate<T extends CalendarEntry>(entries: readonly T[]): Record<string, T[]> {
  const days: Record<string, T[]> = {};
  for (const entry of entries) (days[entry.date.slice(0, 10)] ??= []).push(entry);
  return days;
}

/**
 * A month of scheduled work: a Monday-first grid on wide screens, a day-by-day agenda on phones (a 7-column grid
 * is unreadable at 375 px).
 */
export function MonthCalendar<T extends CalendarEntry>({
  month,
  entries,
  renderEntry,
}: MonthCalendarProps<T>) {
  const phone = useIsPhone();
  const days = byDate(entries);
  const today = todayIsoDate();
  const label = monthLabel(month);

  if (phone) {
    const dates = Object.keys(days)
      .filter((d) => d.startsWith(month))
      .sort();
    return (
      <Stack gap="sm" aria-label={`Scheduled work in ${label}`} role="list">
        {dates.length === 0 ? (
          <Text size="sm" c="dimmed">
            Nothing scheduled in {label}.
          </Text>
        ) : null}
        {dates.map((date) => (
          <Paper key={date} withBorder p="sm" radius="md" role="listitem">
            <Title order={3} size="h6" mb={4}>
              {formatCalendarDate(date)}
            </Title>
            <Stack gap={4}>
              {(days[date] ?? []).map((e) => (
                <div key={e.id}>{renderEntry(e)}</div>
              ))}
            </Stack>
          </Paper>
        ))}
      </Stack>
    );
  }

  return (
    <Paper withBorder radius="md">
      <Table.ScrollContainer minWidth={720}>
        <Table withColumnBorders layout="fixed" aria-label={`Scheduled work in ${label}`}>
          <Table.Thead>
            <Table.Tr>
              {weekdayNames().map((name) => (
                <Table.Th key={name} scope="col">
                  {name}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {monthGrid(month).map((week) => (
              <Table.Tr key={week[0]?.date ?? ''}>
                {week.map((day) => (
                  <Table.Td
                    key={day.date}
                    valign="top"
                    bg={day.date === today ? 'var(--mantine-color-blue-light)' : undefined}
                    style={{ height: '6.5rem', opacity: day.inMonth ? 1 : 0.55 }}
                    aria-label={formatCalendarDate(day.date)}
                  >
                    <Text size="xs" fw={day.date === today ? 700 : 500} c="dimmed">
                      {day.day}
                    </Text>
                    <Stack gap={2}>
                      {(days[day.date] ?? []).map((e) => (
                        <div key={e.id}>{renderEntry(e)}</div>
                      ))}
                    </Stack>
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
