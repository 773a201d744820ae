import { Box, Code, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';

interface JsonDiffProps {
  before: unknown;
  after: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pretty(value: unknown): string {
  return JSON.stringify(value, null, 2) ?? 'undefined';
}

/** Top-level keys whose values differ between the two objects. */
export function changedKeys(before: unknown, after: unknown): Set<string> {
  const changed = new Set<string>();
  if (!isRecord(before) || !isRecord(after)) return changed;
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (pretty(before[key]) !== pretty(after[key])) changed.add(key);
  }
  return changed;
}

function Pane({
  label,
  value,
  other,
  changed,
}: {
  label: string;
  value: unknown;
  other: unknown;
  changed: Set<string>;
}) {
  let body;
  if (value === null || value === undefined) {
    body = (
      <Text size="sm" c="dimmed" p="sm">
        Nothing ({label === 'Before' ? 'created by this event' : 'removed by this event'})
      </Text>
    );
  } else if (isRecord(value) && isRecord(other)) {
    body = (
      <Code block component="pre" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
        {'{\n'}
        {Object.entries(value).map(([key, v]) => {
          const isChanged = changed.has(key);
          return (
            <Box
              key={key}
              component="span"
              display="block"
              bg={isChanged ? (label === 'Before' ? 'red.1' : 'green.1') : undefined}
              data-changed={isChanged || undefined}
            >
              {isChanged ? (label === 'Before' ? '- ' : '+ ') : '  '}
              {`"${key}": ${pretty(v).replace(/\n/g, '\n  ')}`}
            </Box>
          );
        })}
        {'}'}
      </Code>
    );
  } else {
    body = (
      <Code block component="pre" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
        {pretty(value)}
      </Code>
    );
  }
  return (
    <Paper withBorder radius="sm" p={0} style={{ overflow: 'hidden' }}>
      <Title order={3} size="sm" px="sm" py={6} bg="gray.0">
        {label}
      </Title>
      {body}
    </Paper>
  );
}

/** Before and after JSON side by side; changed top-level keys are highlighted and marked - / +. */
export function JsonDiff({ before, after }: JsonDiffProps) {
  const changed = changedKeys(before, after);
  return (
    <Stack gap="xs">
      {changed.size > 0 ? (
        <Text size="sm">
          Changed: <strong>{[...changed].join(', ')}</strong>
        </Text>
      ) : null}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
        <Pane label="Before" value={before} other={after} changed={changed} />
        <Pane label="After" value={after} other={before} changed={changed} />
      </SimpleGrid>
    </Stack>
  );
}
