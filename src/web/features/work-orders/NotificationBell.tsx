import {
  ActionIcon,
  Anchor,
  Button,
  Group,
  Indicator,
  Popover,
  ScrollArea,
  Stack,
  Text,
} from '@mantine/core';
import { IconBell } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { formatDateTime } from '../../lib/format.ts';
import { useMarkRead, useNotifications } from './workOrders.api.ts';

/** The header's bell: unread count and the latest notifications (assignment, due soon, overdue). */
export function NotificationBell() {
  const notifications = useNotifications();
  const markRead = useMarkRead();
  const [opened, setOpened] = useState(false);
  // Notifications are a convenience: if they cannot load, the bell stays quiet rather than breaking the header.
  if (!notifications.data) return null;
  const { items, unreadCount } = notifications.data;
  const label = unreadCount > 0 ? `Notifications, ${unreadCount} unread` : 'Notifications';
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" width={320} shadow="md">
      <Popover.Target>
        <Indicator label={unreadCount} size={16} disabled={unreadCount === 0} offset={4}>
          <ActionIcon variant="subtle" size="lg" aria-label={label} onClick={() => setOpened((o) => !o)}>
            <IconBell size={20} aria-hidden />
          </ActionIcon>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown>
        <Group justify="space-between" mb="xs">
          <Text fw={600} size="sm">
            Notifications
          </Text>
          {unreadCount > 0 ? (
            <Button size="compact-xs" variant="subtle" onClick={() => markRead.mutate('all')}>
              Mark all read
            </Button>
          ) : null}
        </Group>
        {items.length === 0 ? (
          <Text size="sm" c="dimmed">
            Nothing new.
          </Text>
        ) : (
          <ScrollArea.Autosize mah={360}>
            <Stack
              component="ul"
              gap="xs"
              m={0}
              p={0}
              aria-label="Notifications"
              style={{ listStyle: 'none' }}
            >
              {items.map((n) => (
                <li key={n.id}>
                  <Text size="sm" fw={n.readAt ? 400 : 600}>
                    {n.link ? (
                      <Anchor
                        component={Link}
                        to={n.link}
                        onClick={() => {
                          setOpened(false);
                          if (!n.readAt) markRead.mutate(n.id);
                        }}
                      >
                        {n.title}
                      </Anchor>
                    ) : (
                      n.title
                    )}
                  </Text>
                  {n.body ? <Text size="xs">{n.body}</Text> : null}
                  <Group gap="xs">
                    <Text size="xs" c="dimmed">
                      {formatDateTime(n.createdAt)}
                    </Text>
                    {!n.readAt ? (
                      <Button size="compact-xs" variant="subtle" onClick={() => markRead.mutate(n.id)}>
                        Mark read
                      </Button>
                    ) : null}
                  </Group>
                </li>
              ))}
            </Stack>
          </ScrollArea.Autosize>
        )}
      </Popover.Dropdown>
    </Popover>
  );
}
