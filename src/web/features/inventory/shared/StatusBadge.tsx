import { Badge } from '@mantine/core';
import { deviceStatusLabels, type DeviceStatus } from '../../../../contracts/index.ts';
import { statusColors } from './options.ts';

export function StatusBadge({ status, size = 'sm' }: { status: DeviceStatus; size?: 'sm' | 'md' | 'lg' }) {
  return (
    <Badge variant="light" color={statusColors[status]} size={size}>
      {deviceStatusLabels[status]}
    </Badge>
  );
}
