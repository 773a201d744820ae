import type { ReactNode } from 'react';
import {
  Button,
  Center,
  Group,
  Loader,
  Paper,
  Table,
  Text,
  VisuallyHidden,
  type MantineBreakpoint,
} from '@mantine/core';
import { ErrorAlert } from './ErrorAlert.tsx';

export interface Column<T> {
  key: string;
  header: ReactNode;
  render: (row: T) => ReactNode;
  /** Hide the column on narrow screens. */
  visibleFrom?: MantineBreakpoint;
  /** Keep the cell on one line (dates, codes). */
  nowrap?: boolean;
}

interface DataTableProps<T> {
  /** Read by screen readers as the table's name. */
  caption: string;
  columns: readonly Column<T>[];
  rows: readonly T[] | undefined;
  rowKey: (row: T) => string;
  isLoading?: boolean;
  error?: unknown;
  onRetry?: () => void;
  empty?: ReactNode;
  hasMore?: boolean;
  onLoadMore?: () => void;
  isLoadingMore?: boolean;
  minWidth?: number;
}

/** A scrollable table with loading, error, empty and "Load more" (keyset pagination) states. */
export function DataTable<T>(props: DataTableProps<T>) {
  const {
    caption,
    columns,
    rows,
    rowKey,
    isLoading,
    error,
    onRetry,
    empty,
    hasMore,
    onLoadMore,
    isLoadingMore,
  } = props;

  if (error && !rows) return <ErrorAlert error={error} onRetry={onRetry} />;
  if (isLoading || !rows) {
    return (
      <Center py="xl" role="status">
        <Loader size="sm" aria-hidden />
        <Text size="sm" c="dimmed" ml="sm">
          Loading…
        </Text>
      </Center>
    );
  }
  if (rows.length === 0 && empty) return <>{empty}</>;

  return (
    <>
      {error ? <ErrorAlert error={error} onRetry={onRetry} /> : null}
      <Paper withBorder radius="md">
        <Table.ScrollContainer minWidth={props.minWidth ?? 640}>
          <Table striped highlightOnHover verticalSpacing="sm">
            <Table.Caption>
              <VisuallyHidden>{caption}</VisuallyHidden>
            </Table.Caption>
            <Table.Thead>
              <Table.Tr>
                {columns.map((c) => (
                  <Table.Th key={c.key} visibleFrom={c.visibleFrom} scope="col">
                    {c.header}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr key={rowKey(row)}>
                  {columns.map((c) => (
                    <Table.Td
                      key={c.key}
                      visibleFrom={c.visibleFrom}
                      style={c.nowrap ? { whiteSpace: 'nowrap' } : undefined}
                    >
                      {c.render(row)}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
      {hasMore && onLoadMore ? (
        <Group justify="center" mt="md">
          <Button variant="default" onClick={onLoadMore} loading={isLoadingMore}>
            Load more
          </Button>
        </Group>
      ) : null}
    </>
  );
}
