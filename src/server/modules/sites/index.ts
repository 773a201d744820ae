export { organizations, sites } from './sites.schema.ts';
