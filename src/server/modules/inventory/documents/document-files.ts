import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';

const SHA256_HEX = /^[0-9a-f]{64}$/;

export interface StoredFile {
  sha256: string;
  sizeBytes: number;
  /** False when the same bytes were already stored (deduplicated). */
  created: boolean;
}

/**
 * Content-addressed storage for document bytes, outside the database: `<dir>/sha256/ab/abcdef…`. A file is written
 * to `<dir>/tmp`, flushed to disk, then renamed into place, so a stored name never holds partial bytes. Files are
 * never deleted: a row that failed to commit leaves at most an unreferenced, harmless file.
 */
export function createFileStore(dir: string) {
  const tmpDir = join(dir, 'tmp');

  const pathOf = (sha256: string): string => {
    if (!SHA256_HEX.test(sha256)) throw new Error('not a SHA-256 digest');
    return join(dir, 'sha256', sha256.slice(0, 2), sha256);
  };

  async function sizeOf(path: string): Promise<number | undefined> {
    try {
      return (await stat(path)).size;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  async function syncDir(path: string): Promise<void> {
    // Makes the rename itself durable; some file systems refuse to open directories, which is fine to skip.
    try {
      const h = await open(path, 'r');
      try {
        await h.sync();
      } finally {
        await h.close();
      }
    } catch {
      /* best effort */
    }
  }

  async function put(bytes: Uint8Array): Promise<StoredFile> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const target = pathOf(sha256);
    if ((await sizeOf(target)) === bytes.length) return { sha256, sizeBytes: bytes.length, created: false };
    await mkdir(dirname(target), { recursive: true });
    await mkdir(tmpDir, { recursive: true });
    const tmp = join(tmpDir, `${randomUUID()}.part`);
    try {
      const h = await open(tmp, 'wx', 0o640);
      try {
        await h.writeFile(bytes);
        await h.sync();
      } finally {
        await h.close();
      }
      await rename(tmp, target);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
    await syncDir(dirname(target));
    return { sha256, sizeBytes: bytes.length, created: true };
  }

  /** The stored bytes, or undefined when the file is missing (e.g. a files folder restored from an old backup). */
  async function openRead(sha256: string): Promise<ReadStream | undefined> {
    const path = pathOf(sha256);
    if ((await sizeOf(path)) === undefined) return undefined;
    return createReadStream(path);
  }

  return { put, openRead, pathOf };
}

export type FileStore = ReturnType<typeof createFileStore>;
