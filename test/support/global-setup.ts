import type { TestProject } from 'vitest/node';
import { findPostgresBin, startCluster, type Cluster } from './postgres.ts';

let cluster: Cluster | undefined;

/**
 * The PostgreSQL tier: uses OPENHTM_TEST_DATABASE_URL when set, else starts a private cluster when Debian's
 * PostgreSQL binaries exist, else says clearly that the tier is skipped (CI installs PostgreSQL, so it runs there).
 */
export async function setup(project: TestProject) {
  const url = process.env.OPENHTM_TEST_DATABASE_URL;
  if (url) {
    project.provide('postgresUrl', url);
    project.provide('postgresSkipReason', null);
    console.log(`[tiers] PostgreSQL tier: using OPENHTM_TEST_DATABASE_URL`);
    return;
  }
  const bin = findPostgresBin();
  if (!bin) {
    const reason =
      'no PostgreSQL server binaries in /usr/lib/postgresql and OPENHTM_TEST_DATABASE_URL is unset';
    if (process.env.OPENHTM_REQUIRE_ALL_TIERS === '1')
      throw new Error(`PostgreSQL tier required but ${reason}`);
    console.log(`[tiers] PostgreSQL tier SKIPPED: ${reason}`);
    project.provide('postgresUrl', null);
    project.provide('postgresSkipReason', reason);
    return;
  }
  cluster = await startCluster(bin);
  console.log(`[tiers] PostgreSQL tier: private cluster from ${bin} on port ${cluster.port}`);
  project.provide('postgresUrl', cluster.url);
  project.provide('postgresSkipReason', null);
}

export async function teardown() {
  await cluster?.stop();
}
