// Runs every *.test.ts under test/ (except the real-editor suite) with Node's test runner through tsx.
// Files are passed as an argument list, never through a shell.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const skipDirs = new Set(['e2e', 'fixtures', 'node_modules']);

function collect(dir, out) {
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) {
      if (!skipDirs.has(name)) collect(full, out);
    } else if (name.endsWith('.test.ts')) {
      out.push(relative(root, full));
    }
  }
  return out;
}

const filter = process.argv.slice(2);
const files = collect(join(root, 'test'), []).filter((f) => filter.length === 0 || filter.some((x) => f.includes(x)));
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
