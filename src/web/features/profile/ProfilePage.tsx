import { Paper, SimpleGrid, Stack, Table, Title } from '@mantine/core';
import { roleLabels } from '../../../contracts/index.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useSignedInMe } from '../../lib/session.ts';
import { ChangePasswordCard } from './ChangePasswordCard.tsx';
import { MfaCard } from './MfaCard.tsx';
import { SessionsCard } from './SessionsCard.tsx';

function AccountFacts() {
  const me = useSignedInMe();
  const rows: [string, string][] = [
    ['Name', me.user.displayName],
    ['Email', me.user.email],
    ['Role', roleLabels[me.user.role]],
    ['Organization', me.organization.name],
    ['Sites', me.user.allSites ? 'All sites' : `${me.user.siteIds.length} site(s)`],
    ['Session ends', formatDateTime(me.session.absoluteExpiresAt)],
  ];
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="account-heading">
      <Title order={2} size="h4" id="account-heading" mb="sm">
        Your account
      </Title>
      <Table variant="vertical" withRowBorders={false} verticalSpacing={4}>
        <Table.Tbody>
          {rows.map(([label, value]) => (
            <Table.Tr key={label}>
              <Table.Th w={130} fw={500} c="dimmed">
                {label}
              </Table.Th>
              <Table.Td>{value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

export function ProfilePage() {
  return (
    <>
      <PageHeader
        title="Profile"
        description="Your account, password, multi-factor authentication and sessions."
      />
      <Stack gap="lg">
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <AccountFacts />
          <ChangePasswordCard />
        </SimpleGrid>
        <MfaCard />
        <SessionsCard />
      </Stack>
    </>
  );
}
