import { roleLabels, roles, siteKinds } from '../../../../contracts/index.ts';

export const roleOptions = roles.map((role) => ({ value: role, label: roleLabels[role] }));

export const siteKindLabels: Record<(typeof siteKinds)[number], string> = {
  hospital: 'Hospital',
  clinic: 'Clinic',
  ambulatory_surgery_center: 'Ambulatory surgery center',
  long_term_care: 'Long-term care',
  depot: 'Depot / workshop',
  other: 'Other',
};

export const siteKindOptions = siteKinds.map((kind) => ({ value: kind, label: siteKindLabels[kind] }));

export const activeOptions = [
  { value: '', label: 'All' },
  { value: 'true', label: 'Active' },
  { value: 'false', label: 'Inactive' },
];
