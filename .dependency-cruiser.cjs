/** Dependency rules from docs/architecture.md, enforced in `npm run check`. */
module.exports = {
  forbidden: [
    {
      name: 'contracts-only-zod',
      severity: 'error',
      comment: 'contracts imports only zod and other contracts',
      from: { path: '^src/contracts' },
      to: { pathNot: ['^src/contracts', 'zod'], dependencyTypesNot: ['core'] },
    },
    { name: 'web-not-server', severity: 'error', from: { path: '^src/web' }, to: { path: '^src/server' } },
    { name: 'server-not-web', severity: 'error', from: { path: '^src/server' }, to: { path: '^src/web' } },
    {
      name: 'platform-not-modules',
      severity: 'error',
      from: { path: '^src/server/platform' },
      to: { path: '^src/server/modules' },
    },
    {
      name: 'modules-through-index',
      severity: 'error',
      comment: 'a module imports another module only through its index.ts',
      from: { path: '^src/server/modules/([^/]+)/' },
      to: {
        path: '^src/server/modules/([^/]+)/',
        pathNot: ['^src/server/modules/$1/', '^src/server/modules/[^/]+/index\\.ts$'],
      },
    },
    {
      name: 'nobody-imports-reports',
      severity: 'error',
      comment: 'compliance and analytics read from everyone; nobody imports them',
      from: { path: '^src/server/modules/(?!compliance|analytics)' },
      to: { path: '^src/server/modules/(compliance|analytics)/' },
    },
    {
      name: 'only-routes-import-fastify',
      severity: 'error',
      from: { path: '^src/server/modules/.+\\.(service|queries|rules|policy|jobs)\\.ts$' },
      to: { path: 'node_modules/fastify' },
    },
    {
      name: 'rules-and-policies-pure',
      severity: 'error',
      comment: 'rules and policies do no I/O',
      from: { path: '\\.(rules|policy)\\.ts$' },
      to: { path: ['node_modules/pg', '^src/server/platform/db', 'node_modules/drizzle-orm'] },
    },
    {
      name: 'web-features-independent',
      severity: 'error',
      from: { path: '^src/web/features/([^/]+)/' },
      to: { path: '^src/web/features/([^/]+)/', pathNot: '^src/web/features/$1/' },
    },
    {
      name: 'nothing-imports-web-app',
      severity: 'error',
      from: { path: '^src/web/(features|components|lib)' },
      to: { path: '^src/web/app' },
    },
    { name: 'no-circular', severity: 'error', from: { path: '^src/' }, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
