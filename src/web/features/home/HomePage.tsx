import { Badge, Card, Group, List, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { PageHeader } from '../../components/PageHeader.tsx';
import {
  availableCapabilities,
  capabilityGroupLabels,
  plannedCapabilities,
  type CapabilityGroup,
} from '../../lib/capabilities.ts';
import { useSignedInMe } from '../../lib/session.ts';

const groups = Object.keys(capabilityGroupLabels) as CapabilityGroup[];

/** An honest home page: what this build can do today and what is still to come. No sample figures. */
export function HomePage() {
  const me = useSignedInMe();
  return (
    <>
      <PageHeader
        title={`Welcome, ${me.user.displayName}`}
        description={`${me.organization.name} · OpenHTM is being built one capability at a time.`}
      />
      <Stack gap="xl">
        <section aria-labelledby="available-heading">
          <Title order={2} size="h4" id="available-heading" mb={4}>
            Available now
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            Open them from the navigation; you see the parts your role allows.
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
            {availableCapabilities.map((c) => (
              <Card key={c.key} withBorder radius="md" padding="lg">
                <Group gap="xs" mb="xs">
                  <IconCircleCheck size={20} color="var(--mantine-color-teal-7)" aria-hidden />
                  <Text fw={600} component="h3" m={0}>
                    {c.label}
                  </Text>
                </Group>
                <Text size="sm" c="dimmed">
                  {c.summary}
                </Text>
              </Card>
            ))}
          </SimpleGrid>
        </section>
        <section aria-labelledby="planned-heading">
          <Title order={2} size="h4" id="planned-heading" mb={4}>
            Coming next
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            These areas appear in the navigation but are not built yet. Nothing here shows sample or invented
            data.
          </Text>
          <SimpleGrid cols={{ base: 1, md: 3 }}>
            {groups.map((group) => (
              <Paper key={group} withBorder radius="md" p="md">
                <Text fw={600} component="h3" m={0} mb="xs">
                  {capabilityGroupLabels[group]}
                </Text>
                <List size="sm" spacing={6}>
                  {plannedCapabilities
                    .filter((c) => c.group === group)
                    .map((c) => (
                      <List.Item key={c.key}>
                        <Group gap={6} wrap="nowrap" align="baseline">
                          <Text size="sm" fw={500}>
                            {c.label}
                          </Text>
                          <Badge size="xs" variant="light" color="gray">
                            Planned
                          </Badge>
                        </Group>
                        <Text size="xs" c="dimmed">
                          {c.summary}
                        </Text>
                      </List.Item>
                    ))}
                </List>
              </Paper>
            ))}
          </SimpleGrid>
        </section>
      </Stack>
    </>
  );
}
