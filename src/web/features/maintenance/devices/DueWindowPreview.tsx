import { Alert, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { PlanAnchor, ToleranceWindow } from '../../../../contracts/index.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { formatCalendarDate } from '../shared/interval.ts';
import { useDueWindow } from '../maintenance.api.ts';

export function windowText(window: ToleranceWindow): string {
  return window.kind === 'days' ? `±${window.days} days` : `the calendar ${window.unit} of the due date`;
}

interface DueWindowPreviewProps {
  interval: string;
  anchor: PlanAnchor;
  /** The date counted from: the last completion (or the series start for a fixed calendar). */
  anchorDate: string;
  anchorNote: string;
}

/** The next due date and its window for the interval being edited, from GET /maintenance/due-window. */
export function DueWindowPreview({ interval, anchor, anchorDate, anchorNote }: DueWindowPreviewProps) {
  const [params] = useDebouncedValue(
    interval === ''
      ? null
      : anchor === 'fixed_calendar'
        ? { interval, anchor, seriesStart: anchorDate, lastCompleted: anchorDate }
        : { interval, anchor, lastCompleted: anchorDate },
    250,
  );
  const preview = useDueWindow(params);
  const w = preview.data;
  return (
    <Paper
      withBorder
      p="sm"
      radius="md"
      component="section"
      aria-label="Due window preview"
      aria-live="polite"
    >
      <Title order={3} size="h6" mb={4}>
        Due window preview
      </Title>
      {interval === '' ? (
        <Text size="sm" c="dimmed">
          Pick an interval to see the due window.
        </Text>
      ) : preview.error ? (
        <ErrorAlert error={preview.error} />
      ) : !w ? (
        <Text size="sm" c="dimmed">
          Working out the window…
        </Text>
      ) : (
        <Stack gap={4}>
          <Text size="xs" c="dimmed">
            Counted from {formatCalendarDate(w.anchorDate)} ({anchorNote}).
          </Text>
          <Group gap="lg">
            <Text size="sm">
              Due <strong>{formatCalendarDate(w.due)}</strong>
            </Text>
            <Text size="sm">
              Earliest <strong>{formatCalendarDate(w.earliest)}</strong>
            </Text>
            <Text size="sm">
              Latest <strong>{formatCalendarDate(w.latest)}</strong>
            </Text>
          </Group>
          {w.tolerance ? (
            <Text size="sm">
              Tolerance: {w.tolerance.label}, {windowText(w.tolerance.window)} [{w.tolerance.confidence}] —{' '}
              <Text span size="xs" c="dimmed">
                {w.tolerance.citation}
              </Text>
            </Text>
          ) : (
            <Text size="sm">No tolerance row applies: the work is due on the due date.</Text>
          )}
          {w.fallback && w.tolerance ? (
            <Alert color="yellow" variant="light" p="xs">
              {w.interval} is not in the tolerance table; the nearest shorter row ({w.tolerance.interval}) is
              used.
            </Alert>
          ) : null}
          <Text size="xs" c="dimmed">
            Tolerance table version {w.referenceTable.version}, edition {w.referenceTable.edition}
          </Text>
        </Stack>
      )}
    </Paper>
  );
}
