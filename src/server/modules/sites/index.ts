export { organizations, sites } from './sites.schema.ts';
export { createSitesService, type SitesService } from './sites.service.ts';
export { sitesRoutes } from './sites.routes.ts';
export { countOrganizations, insertOrganization, findOrganization, insertSite } from './sites.queries.ts';
