export * from './common.ts';
export * from './identity.ts';
export * from './sites.ts';
export * from './audit.ts';
export * from './platform.ts';
export * from './udi.ts';
export * from './inventory.ts';
export * from './device-imports.ts';
