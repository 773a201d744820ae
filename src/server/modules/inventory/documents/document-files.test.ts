import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../platform/config.ts';
import { createFileStore } from './document-files.ts';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'openhtm-store-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('content-addressed file store', () => {
  it('stores bytes under their SHA-256, once, leaving no temporary files', async () => {
    const dir = tempDir();
    const store = createFileStore(dir);
    const bytes = new TextEncoder().encode('Operator manual');
    const digest = createHash('sha256').update(bytes).digest('hex');
    const first = await store.put(bytes);
    expect(first).toEqual({ sha256: digest, sizeBytes: bytes.length, created: true });
    const path = join(dir, 'sha256', digest.slice(0, 2), digest);
    expect(readFileSync(path, 'utf8')).toBe('Operator manual');
    expect(await store.put(bytes)).toEqual({ sha256: digest, sizeBytes: bytes.length, created: false });
    expect(readdirSync(join(dir, 'tmp'))).toEqual([]);
    const stream = await store.openRead(digest);
    const chunks: Buffer[] = [];
    for await (const c of stream ?? []) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).toString('utf8')).toBe('Operator manual');
  });

  it('answers nothing for a missing file and refuses names that are not digests', async () => {
    const store = createFileStore(tempDir());
    expect(await store.openRead('0'.repeat(64))).toBeUndefined();
    expect(() => store.pathOf('../../etc/passwd')).toThrow();
    expect(() => store.pathOf('A'.repeat(64))).toThrow();
  });

  it('keeps files under the data directory by default, in both modes', () => {
    expect(loadConfig({ OPENHTM_DATA_DIR: '/srv/openhtm' }).files).toEqual({
      dir: '/srv/openhtm/files',
      maxUploadBytes: 25 * 1024 * 1024,
    });
    const server = loadConfig({
      OPENHTM_DATA_DIR: '/srv/openhtm',
      DATABASE_URL: 'postgres://db.example/openhtm',
      OPENHTM_FILES_DIR: '/mnt/shared/openhtm-files',
      OPENHTM_MAX_UPLOAD_MB: '100',
    });
    expect(server.files).toEqual({ dir: '/mnt/shared/openhtm-files', maxUploadBytes: 100 * 1024 * 1024 });
    expect(() => loadConfig({ OPENHTM_MAX_UPLOAD_MB: '0' })).toThrow(/OPENHTM_MAX_UPLOAD_MB/);
  });
});
