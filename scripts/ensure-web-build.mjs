// Builds the web application once, so `npm start` on a fresh clone serves the sign-in page.
import { existsSync, statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';

const out = 'dist/web/index.html';
const newest = (dir) =>
  readdirSync(dir, { withFileTypes: true }).reduce((max, e) => {
    const p = join(dir, e.name);
    return Math.max(max, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }, 0);
if (
  !existsSync(out) ||
  newest('src/web') > statSync(out).mtimeMs ||
  newest('src/contracts') > statSync(out).mtimeMs
) {
  console.log('Building the web application…');
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], {
    stdio: 'inherit',
  });
}
