import { Badge, NavLink, ScrollArea, Stack, Text } from '@mantine/core';
import { Link, useLocation } from 'react-router';
import type { Permission } from '../../contracts/index.ts';
import { capabilityGroupLabels, plannedCapabilities, type CapabilityGroup } from '../lib/capabilities.ts';
import {
  accountItems,
  isActivePath,
  plannedIcon as PlannedIcon,
  visibleGroups,
  type NavItem,
} from './navigation.ts';

interface NavigationProps {
  permissions: readonly Permission[];
  onNavigate: () => void;
}

function GroupLabel({ id, children }: { id: string; children: string }) {
  return (
    <Text id={id} size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" pt="md" pb={4}>
      {children}
    </Text>
  );
}

function ItemLink({
  item,
  pathname,
  onNavigate,
}: {
  item: NavItem;
  pathname: string;
  onNavigate: () => void;
}) {
  const active = isActivePath(item.path, pathname);
  const Icon = item.icon;
  return (
    <NavLink
      component={Link}
      to={item.path}
      label={item.label}
      leftSection={<Icon size={18} stroke={1.6} aria-hidden />}
      active={active}
      aria-current={active ? 'page' : undefined}
      onClick={onNavigate}
    />
  );
}

const plannedGroups = Object.keys(capabilityGroupLabels) as CapabilityGroup[];

/** The side navigation: what the person may use, then the capability areas still to come (disabled). */
export function Navigation({ permissions, onNavigate }: NavigationProps) {
  const { pathname } = useLocation();
  return (
    <ScrollArea type="scroll" style={{ flex: 1 }}>
      <nav aria-label="Main">
        {visibleGroups(permissions).map((group) => {
          const id = `nav-${group.label.toLowerCase().replace(/\W+/g, '-')}`;
          return (
            <div key={group.label} role="group" aria-labelledby={id}>
              <GroupLabel id={id}>{group.label}</GroupLabel>
              {group.items.map((item) => (
                <ItemLink key={item.path} item={item} pathname={pathname} onNavigate={onNavigate} />
              ))}
            </div>
          );
        })}
        <div role="group" aria-labelledby="nav-account">
          <GroupLabel id="nav-account">Account</GroupLabel>
          {accountItems.map((item) => (
            <ItemLink key={item.path} item={item} pathname={pathname} onNavigate={onNavigate} />
          ))}
        </div>
        {plannedGroups.map((group) => (
          <div
            key={group}
            role="group"
            aria-labelledby={`nav-planned-${group}`}
            data-testid={`nav-planned-${group}`}
          >
            <GroupLabel id={`nav-planned-${group}`}>{capabilityGroupLabels[group]}</GroupLabel>
            <Stack gap={0}>
              {plannedCapabilities
                .filter((c) => c.group === group)
                .map((c) => (
                  <NavLink
                    key={c.key}
                    component="div"
                    label={c.label}
                    leftSection={<PlannedIcon size={18} stroke={1.6} aria-hidden />}
                    rightSection={
                      <Badge size="xs" variant="light" color="gray">
                        Planned
                      </Badge>
                    }
                    disabled
                    aria-disabled="true"
                    title={`${c.label}: ${c.summary} (not available yet)`}
                  />
                ))}
            </Stack>
          </div>
        ))}
      </nav>
    </ScrollArea>
  );
}
