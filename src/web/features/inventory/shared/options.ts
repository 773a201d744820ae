import {
  deviceClasses,
  deviceStatusLabels,
  deviceStatuses,
  documentKinds,
  ownerships,
  serviceProviders,
  type DeviceStatus,
  type Ownership,
  type ServiceProvider,
} from '../../../../contracts/index.ts';

type DeviceClass = (typeof deviceClasses)[number];
type DocumentKind = (typeof documentKinds)[number];

export const statusOptions = deviceStatuses.map((s) => ({ value: s, label: deviceStatusLabels[s] }));

/** Colour of the status badge: green in use, orange needs attention, red lost, grey out of the fleet. */
export const statusColors: Record<DeviceStatus, string> = {
  received: 'blue',
  in_service: 'teal',
  out_of_service: 'orange',
  missing: 'red',
  inactive: 'gray',
  retired: 'dark',
  disposed: 'dark',
};

export const ownershipLabels: Record<Ownership, string> = {
  owned: 'Owned',
  leased: 'Leased',
  rented: 'Rented',
  loaner: 'Loaner',
  physician_owned: 'Physician-owned',
  vendor_owned: 'Vendor-owned',
  consigned: 'Consigned',
};
export const ownershipOptions = ownerships.map((o) => ({ value: o, label: ownershipLabels[o] }));

export const serviceProviderLabels: Record<ServiceProvider, string> = {
  in_house: 'In-house',
  oem: 'Manufacturer (OEM)',
  independent: 'Independent service organization',
  depot: 'Depot',
};
export const serviceProviderOptions = serviceProviders.map((p) => ({
  value: p,
  label: serviceProviderLabels[p],
}));

export const deviceClassLabels: Record<DeviceClass, string> = {
  '1': 'Class I',
  '2': 'Class II',
  '3': 'Class III',
  U: 'Unclassified',
  N: 'Not classified',
  F: 'HDE',
};
export const deviceClassOptions = deviceClasses.map((c) => ({ value: c, label: deviceClassLabels[c] }));

export const documentKindLabels: Record<DocumentKind, string> = {
  operator_manual: 'Operator manual',
  service_manual: 'Service manual',
  instructions_for_use: 'Instructions for use',
  photo: 'Photo',
  certificate: 'Certificate',
  service_report: 'Service report',
  other: 'Other',
};
export const documentKindOptions = documentKinds.map((k) => ({ value: k, label: documentKindLabels[k] }));
