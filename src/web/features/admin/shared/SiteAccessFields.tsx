import { Checkbox, MultiSelect, Stack } from '@mantine/core';
import { fieldMessage, type FieldErrors } from '../../../lib/forms.ts';
import { useSiteOptions } from '../sites/sites.api.ts';

interface SiteAccessFieldsProps {
  allSites: boolean;
  siteIds: string[];
  onChange: (value: { allSites: boolean; siteIds: string[] }) => void;
  errors: FieldErrors;
}

/** "All sites" or a chosen list of sites: what a user may see and work on. */
export function SiteAccessFields({ allSites, siteIds, onChange, errors }: SiteAccessFieldsProps) {
  const sites = useSiteOptions();
  const data = (sites.data?.items ?? []).map((s) => ({
    value: s.id,
    label: s.active ? `${s.name} (${s.code})` : `${s.name} (${s.code}, inactive)`,
  }));
  return (
    <Stack gap="xs">
      <Checkbox
        label="All sites"
        description="Access to every site, including sites added later"
        checked={allSites}
        onChange={(e) => onChange({ allSites: e.currentTarget.checked, siteIds })}
        error={fieldMessage('All sites', errors.allSites)}
      />
      <MultiSelect
        label="Sites"
        placeholder={allSites ? 'All sites' : 'Choose sites'}
        data={data}
        value={allSites ? [] : siteIds}
        onChange={(value) => onChange({ allSites, siteIds: value })}
        disabled={allSites}
        searchable
        clearable
        nothingFoundMessage="No site matches"
        description={sites.isError ? 'The list of sites could not be loaded.' : undefined}
        error={fieldMessage('Sites', errors.siteIds)}
        comboboxProps={{ withinPortal: true }}
      />
    </Stack>
  );
}
