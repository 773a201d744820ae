import { NativeSelect, Table, Text } from '@mantine/core';
import {
  CUSTOM_FIELD_PREFIX,
  deviceImportFieldLabels,
  deviceImportFields,
  type CustomFieldDefinition,
  type DeviceImportMapping,
  type DeviceImportUploaded,
} from '../../../../contracts/index.ts';

interface MappingTableProps {
  uploaded: DeviceImportUploaded;
  mapping: DeviceImportMapping;
  customFields: readonly CustomFieldDefinition[];
  onChange: (column: string, field: string | null) => void;
}

export function fieldOptions(customFields: readonly CustomFieldDefinition[]) {
  return [
    { value: '', label: 'Ignore this column' },
    ...deviceImportFields.map((f) => ({ value: f, label: deviceImportFieldLabels[f] })),
    ...customFields
      .filter((d) => d.active)
      .map((d) => ({ value: `${CUSTOM_FIELD_PREFIX}${d.key}`, label: `${d.label} (custom field)` })),
  ];
}

/** Columns mapped to the same field: each but the first is named as a duplicate. */
export function duplicateTargets(
  columns: readonly string[],
  mapping: DeviceImportMapping,
): Map<string, string> {
  const seen = new Map<string, string>();
  const duplicates = new Map<string, string>();
  for (const column of columns) {
    const field = mapping[column];
    if (!field) continue;
    const first = seen.get(field);
    if (first === undefined) seen.set(field, column);
    else duplicates.set(column, first);
  }
  return duplicates;
}

/** One row per file column: its first values and the device field it fills. */
export function MappingTable({ uploaded, mapping, customFields, onChange }: MappingTableProps) {
  const options = fieldOptions(customFields);
  const duplicates = duplicateTargets(uploaded.columns, mapping);
  return (
    <Table.ScrollContainer minWidth={360}>
      <Table verticalSpacing="xs" aria-label="Column mapping">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">File column</Table.Th>
            <Table.Th scope="col" visibleFrom="sm">
              First values
            </Table.Th>
            <Table.Th scope="col">Device field</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {uploaded.columns.map((column, index) => {
            const samples = uploaded.preview
              .slice(0, 3)
              .map((r) => r.cells[index] ?? '')
              .filter((v) => v !== '');
            const duplicateOf = duplicates.get(column);
            return (
              <Table.Tr key={`${index}-${column}`}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {column}
                  </Text>
                </Table.Td>
                <Table.Td visibleFrom="sm">
                  <Text size="xs" c="dimmed" lineClamp={2}>
                    {samples.join(' · ') || '(empty)'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <NativeSelect
                    aria-label={`Field for column ${column}`}
                    data={options}
                    value={mapping[column] ?? ''}
                    onChange={(e) => onChange(column, e.currentTarget.value || null)}
                    error={duplicateOf ? `Also mapped from "${duplicateOf}"` : undefined}
                  />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
