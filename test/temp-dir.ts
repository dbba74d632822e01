// Temporary folders for tests, removed when the test process exits (each test file runs in its own
// process), whether its tests passed or failed: repeated runs must not fill the disk.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const made = new Set<string>();

process.on('exit', () => {
  for (const dir of made) {
    restoreOwnerAccess(dir);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** A new empty folder under os.tmpdir(), removed with everything in it when this process exits. */
export function makeTempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.add(dir);
  return dir;
}

/**
 * Makes `dir` and every folder below it readable and writable by its owner again: a test may have locked
 * some (chmod 000), and only root removes them without that. Symlinks are neither followed nor changed.
 */
function restoreOwnerAccess(dir: string): void {
  if (!fs.lstatSync(dir, { throwIfNoEntry: false })?.isDirectory()) return;
  fs.chmodSync(dir, 0o700);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) restoreOwnerAccess(path.join(dir, entry.name));
  }
}
