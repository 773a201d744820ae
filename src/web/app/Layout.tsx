import { Suspense } from 'react';
import {
  Anchor,
  AppShell,
  Burger,
  Center,
  Container,
  Group,
  Loader,
  Menu,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { IconChevronDown, IconHeartbeat, IconLogout, IconUserCircle } from '@tabler/icons-react';
import { Link, Outlet } from 'react-router';
import { useSignOut, useSignedInMe } from '../lib/session.ts';
import { NotificationBell } from '../features/work-orders/NotificationBell.tsx';
import { Navigation } from './Navigation.tsx';

function PageFallback() {
  return (
    <Center py="xl" role="status">
      <Loader size="sm" aria-hidden />
      <Text size="sm" c="dimmed" ml="sm">
        Loading…
      </Text>
    </Center>
  );
}

function UserMenu() {
  const me = useSignedInMe();
  const signOut = useSignOut();
  const onSignOut = () => signOut.mutate();

  return (
    <Menu position="bottom-end" width={220}>
      <Menu.Target>
        <UnstyledButton aria-label={`Account menu for ${me.user.displayName}`} px="xs" py={4}>
          <Group gap={6} wrap="nowrap">
            <IconUserCircle size={22} stroke={1.5} aria-hidden />
            <Text size="sm" fw={500} visibleFrom="xs" truncate maw={180}>
              {me.user.displayName}
            </Text>
            <IconChevronDown size={14} aria-hidden />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{me.user.email}</Menu.Label>
        <Menu.Item component={Link} to="/profile" leftSection={<IconUserCircle size={16} aria-hidden />}>
          Your profile
        </Menu.Item>
        <Menu.Item onClick={onSignOut} leftSection={<IconLogout size={16} aria-hidden />}>
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

/** The signed-in frame: header, capability navigation (a drawer behind a burger on phones), main content. */
export function Layout() {
  const me = useSignedInMe();
  const [opened, { toggle, close }] = useDisclosure(false);
  // Below the `sm` breakpoint the closed navigation is only slid off-screen: make it unreachable by keyboard
  // and invisible to screen readers until the burger opens it.
  const isPhone = useMediaQuery('(max-width: 47.99em)') ?? false;

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: { sm: 230, lg: 260 }, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding={{ base: 'sm', sm: 'md', lg: 'lg' }}
    >
      <a href="#main" className="skip-link">
        Skip to main content
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? 'Close navigation' : 'Open navigation'}
              aria-expanded={opened}
            />
            <Anchor component={Link} to="/" underline="never" c="inherit">
              <Group gap={6} wrap="nowrap">
                <IconHeartbeat size={24} color="var(--mantine-primary-color-filled)" aria-hidden />
                <Text fw={700} size="lg">
                  OpenHTM
                </Text>
              </Group>
            </Anchor>
            <Text size="sm" c="dimmed" visibleFrom="md" truncate maw={280}>
              {me.organization.name}
            </Text>
          </Group>
          <Group gap={4} wrap="nowrap">
            <NotificationBell />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Navigation" inert={isPhone && !opened}>
        <Navigation permissions={me.permissions} onNavigate={close} />
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <Container size="xl" px={0}>
          <Suspense fallback={<PageFallback />}>
            <Outlet />
          </Suspense>
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}
