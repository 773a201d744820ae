import { Table, Text } from '@mantine/core';
import type { DeviceImportProblem } from '../../../../contracts/index.ts';

interface ProblemsTableProps {
  problems: readonly DeviceImportProblem[];
  problemCount: number;
  truncated: boolean;
}

/** Every problem by spreadsheet row (the header is row 1), column and reason. */
export function ProblemsTable({ problems, problemCount, truncated }: ProblemsTableProps) {
  return (
    <>
      <Text size="sm" mb="xs">
        {problemCount === 1 ? '1 problem' : `${problemCount} problems`} found; nothing has been imported.
        {truncated ? ` The first ${problems.length} are listed.` : ''}
      </Text>
      <Table.ScrollContainer minWidth={520}>
        <Table striped verticalSpacing="xs" aria-label="Problems in the file">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Row</Table.Th>
              <Table.Th scope="col">Column</Table.Th>
              <Table.Th scope="col">Field</Table.Th>
              <Table.Th scope="col">Problem</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {problems.map((p, i) => (
              <Table.Tr key={`${p.row}-${p.column ?? ''}-${i}`}>
                <Table.Td>{p.row}</Table.Td>
                <Table.Td>{p.column ?? '—'}</Table.Td>
                <Table.Td>{p.field ?? '—'}</Table.Td>
                <Table.Td>{p.message}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </>
  );
}
