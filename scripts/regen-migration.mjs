// Regenerates the newest, not yet released migration from the schema files: removes it (SQL, snapshot and
// journal entry), runs drizzle-kit generate under the same name, then appends the hand-written SQL kept in
// src/server/migrations/hand/<name>/*.sql (sorted by file name). Used while a migration is being built by
// several people at once; once a release ships it, the migration is frozen and a new number starts.
// Usage: node scripts/regen-migration.mjs 0003_maintenance
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const name = process.argv[2];
if (!name || !/^\d{4}_[a-z0-9_]+$/.test(name)) {
  console.error('usage: node scripts/regen-migration.mjs NNNN_name');
  process.exit(2);
}
const dir = 'src/server/migrations';
const idx = Number.parseInt(name.slice(0, 4), 10);
const lockPath = `${dir}/.regen.lock`;

let fd;
for (let i = 0; ; i++) {
  try {
    fd = openSync(lockPath, 'wx');
    break;
  } catch {
    if (i > 600) throw new Error(`${lockPath} held for 60 s; remove it if no regeneration is running`);
    await sleep(100);
  }
}
try {
  const journalPath = `${dir}/meta/_journal.json`;
  const journal = JSON.parse(readFileSync(journalPath, 'utf8'));
  const later = journal.entries.filter((e) => e.idx > idx);
  if (later.length > 0)
    throw new Error(`migrations after ${name} exist: ${later.map((e) => e.tag).join(', ')}`);
  journal.entries = journal.entries.filter((e) => e.idx !== idx);
  writeFileSync(journalPath, JSON.stringify(journal, null, 2) + '\n');
  rmSync(`${dir}/${name}.sql`, { force: true });
  rmSync(`${dir}/meta/${name.slice(0, 4)}_snapshot.json`, { force: true });
  execFileSync('npx', ['drizzle-kit', 'generate', '--name', name.slice(5)], { stdio: 'inherit' });
  if (!existsSync(`${dir}/${name}.sql`)) throw new Error(`drizzle-kit did not write ${name}.sql`);
  const handDir = `${dir}/hand/${name}`;
  const hand = existsSync(handDir)
    ? readdirSync(handDir)
        .filter((f) => f.endsWith('.sql'))
        .sort()
        .map((f) => readFileSync(`${handDir}/${f}`, 'utf8').trim())
    : [];
  if (hand.length > 0) {
    const generated = readFileSync(`${dir}/${name}.sql`, 'utf8').trimEnd();
    writeFileSync(
      `${dir}/${name}.sql`,
      `${generated}\n--> statement-breakpoint\n${hand.join('\n--> statement-breakpoint\n')}\n`,
    );
  }
  execFileSync('npx', ['prettier', '--write', `${dir}/meta`], { stdio: 'ignore' });
  console.log(`regenerated ${dir}/${name}.sql (${hand.length} hand-written part(s))`);
} finally {
  closeSync(fd);
  rmSync(lockPath, { force: true });
}
