import { NativeSelect, Textarea, TextInput } from '@mantine/core';
import type { siteKinds } from '../../../../contracts/index.ts';
import { fieldMessage, type FieldErrors } from '../../../lib/forms.ts';
import { siteKindOptions } from '../shared/options.ts';

export type SiteKind = (typeof siteKinds)[number];

export interface SiteValues {
  name: string;
  code: string;
  kind: SiteKind;
  timeZone: string;
  address: string;
}

const timeZones = (() => {
  const zones = Intl.supportedValuesOf('timeZone');
  return zones.includes('UTC') ? zones : [...zones, 'UTC'];
})();

interface SiteFieldsProps {
  values: SiteValues;
  onChange: (patch: Partial<SiteValues>) => void;
  errors: FieldErrors;
  /** The code is fixed once a site exists (it appears on labels and in exports). */
  codeEditable: boolean;
}

export function SiteFields({ values, onChange, errors, codeEditable }: SiteFieldsProps) {
  return (
    <>
      <TextInput
        label="Name"
        value={values.name}
        onChange={(e) => onChange({ name: e.currentTarget.value })}
        error={fieldMessage('Name', errors.name)}
        data-autofocus
      />
      {codeEditable ? (
        <TextInput
          label="Code"
          description="Short and unique, e.g. MAIN or EAST-CLINIC"
          value={values.code}
          onChange={(e) => onChange({ code: e.currentTarget.value })}
          error={fieldMessage('Code', errors.code)}
          autoCapitalize="characters"
        />
      ) : null}
      <NativeSelect
        label="Kind"
        data={siteKindOptions}
        value={values.kind}
        onChange={(e) => onChange({ kind: e.currentTarget.value as SiteKind })}
        error={fieldMessage('Kind', errors.kind)}
      />
      {/* A native datalist: suggestions on every platform, free typing, one labelled input. */}
      <TextInput
        label="Time zone"
        description="Due dates and reports for this site use its time zone"
        list="openhtm-time-zones"
        autoComplete="off"
        value={values.timeZone}
        onChange={(e) => onChange({ timeZone: e.currentTarget.value })}
        error={fieldMessage('Time zone', errors.timeZone)}
      />
      <datalist id="openhtm-time-zones">
        {timeZones.map((tz) => (
          <option key={tz} value={tz} />
        ))}
      </datalist>
      <Textarea
        label="Address"
        autosize
        minRows={2}
        value={values.address}
        onChange={(e) => onChange({ address: e.currentTarget.value })}
        error={fieldMessage('Address', errors.address)}
      />
    </>
  );
}
