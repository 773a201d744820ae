import { useState, type ReactNode } from 'react';
import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';

export interface Option {
  value: string;
  label: string;
}

interface RemoteSelectProps {
  label: string;
  /** Identifies the list in the query cache, e.g. ['models', 'options']. */
  queryKey: readonly unknown[];
  /** Asks the server for options matching what the person typed. */
  search: (q: string) => Promise<Option[]>;
  value: string | null;
  /** The chosen option as it was last shown (its label is not in every page of results). */
  selected?: Option | null;
  /** Finds the label of a value that came from elsewhere (the page's address, a saved record). */
  lookup?: (value: string) => Promise<Option>;
  onChange: (option: Option | null) => void;
  placeholder?: string;
  description?: ReactNode;
  error?: ReactNode;
  clearable?: boolean;
  required?: boolean;
  disabled?: boolean;
  nothingFound?: string;
}

/**
 * A searchable picker over a server list too long to load whole (models, manufacturers, FDA product codes):
 * typing asks the server, and the chosen option stays shown whatever the current results.
 */
export function RemoteSelect(props: RemoteSelectProps) {
  const { label, queryKey, search, value, onChange } = props;
  const [chosen, setChosen] = useState<Option | null>(props.selected ?? null);
  const [typed, setTyped] = useState('');
  const known =
    chosen && chosen.value === value
      ? chosen
      : props.selected && props.selected.value === value
        ? props.selected
        : null;
  const lookup = props.lookup;
  const looked = useQuery({
    queryKey: [...queryKey, 'one', value],
    queryFn: () => (lookup && value ? lookup(value) : Promise.resolve(null)),
    enabled: known === null && value !== null && value !== '' && lookup !== undefined,
    staleTime: 5 * 60_000,
  });
  const current = known ?? (looked.data && looked.data.value === value ? looked.data : null);
  // Once an option is picked, the input shows its label; that is not a new search.
  const q = current && typed === current.label ? '' : typed.trim();
  const [debounced] = useDebouncedValue(q, 250);
  const options = useQuery({
    queryKey: [...queryKey, debounced],
    queryFn: () => search(debounced),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  const found = options.data ?? [];
  const data = current && !found.some((o) => o.value === current.value) ? [current, ...found] : found;

  return (
    <Select
      label={label}
      placeholder={props.placeholder ?? 'Type to search'}
      description={options.isError ? 'The list could not be loaded. Type again to retry.' : props.description}
      error={props.error}
      data={data}
      value={value}
      onChange={(next) => {
        const option = data.find((o) => o.value === next) ?? null;
        setChosen(option);
        onChange(option);
      }}
      searchable
      searchValue={typed}
      onSearchChange={setTyped}
      // The server already filtered; the picker shows what it answered.
      filter={({ options: all }) => all}
      clearable={props.clearable}
      required={props.required}
      disabled={props.disabled}
      nothingFoundMessage={options.isFetching ? 'Searching…' : (props.nothingFound ?? 'Nothing matches')}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
