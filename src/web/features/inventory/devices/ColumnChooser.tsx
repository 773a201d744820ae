import { Button, Checkbox, Popover, Stack } from '@mantine/core';
import { useLocalStorage } from '@mantine/hooks';
import { IconColumns } from '@tabler/icons-react';
import { defaultDeviceColumns, deviceColumnChoices, type DeviceColumnKey } from './deviceColumns.tsx';

const storageKey = 'openhtm.inventory.device-columns';
const known = new Set<string>(deviceColumnChoices.map((c) => c.key));

/** The device list's visible columns, remembered in this browser. */
export function useDeviceColumnChoice() {
  const [stored, setStored] = useLocalStorage<string[]>({
    key: storageKey,
    defaultValue: defaultDeviceColumns,
  });
  // A column removed in a later version is forgotten rather than failing the page.
  const visible = (Array.isArray(stored) ? stored : defaultDeviceColumns).filter(
    (key): key is DeviceColumnKey => known.has(key),
  );
  return [visible, (keys: DeviceColumnKey[]) => setStored(keys)] as const;
}

interface ColumnChooserProps {
  visible: readonly DeviceColumnKey[];
  onChange: (keys: DeviceColumnKey[]) => void;
}

export function ColumnChooser({ visible, onChange }: ColumnChooserProps) {
  return (
    <Popover position="bottom-end" shadow="md" withinPortal trapFocus>
      <Popover.Target>
        <Button variant="default" leftSection={<IconColumns size={16} aria-hidden />}>
          Columns
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Checkbox.Group
          label="Columns shown"
          value={[...visible]}
          onChange={(keys) => onChange(keys.filter((k): k is DeviceColumnKey => known.has(k)))}
        >
          <Stack gap={6} mt="xs">
            {deviceColumnChoices.map((c) => (
              <Checkbox key={c.key} value={c.key} label={c.label} />
            ))}
          </Stack>
        </Checkbox.Group>
        <Button variant="subtle" size="xs" mt="sm" onClick={() => onChange([...defaultDeviceColumns])}>
          Reset to default
        </Button>
      </Popover.Dropdown>
    </Popover>
  );
}
