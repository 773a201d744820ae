import { useMemo } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { pageOf } from '../../contracts/index.ts';
import { api, type QueryParams } from './api.ts';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A keyset-paginated list (`pageOf(item)`): pages are appended by "Load more". */
export function usePagedList<S extends z.ZodType>(
  queryKey: readonly unknown[],
  path: string,
  item: S,
  params: QueryParams,
  options: { staleTime?: number } = {},
) {
  const schema = pageOf(item);
  const query = useInfiniteQuery({
    queryKey: [...queryKey, params],
    queryFn: async ({ pageParam }): Promise<Page<z.output<S>>> =>
      api.get(path, schema, { ...params, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    ...options,
  });
  const items = useMemo(() => query.data?.pages.flatMap((page) => page.items), [query.data]);
  /** The loading, error, retry and "Load more" props of `DataTable`, wired to this query. */
  const tableState = {
    isLoading: query.isPending,
    error: query.error,
    onRetry: () => void query.refetch(),
    hasMore: query.hasNextPage,
    onLoadMore: () => void query.fetchNextPage(),
    isLoadingMore: query.isFetchingNextPage,
  };
  return { query, items, tableState };
}
