import * as fs from 'node:fs';
import * as path from 'node:path';

let cached: string | undefined;

/**
 * The folder holding the package's data (rules/, schemas/): found by walking up from this module, so
 * it works from src/ under tsx, from dist/ bundles and from an installed .vsix alike.
 */
export function findPackageDir(): string {
  if (cached) return cached;
  let dir = __dirname;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'rules')) && fs.existsSync(path.join(dir, 'schemas')) && fs.existsSync(path.join(dir, 'package.json'))) {
      cached = dir;
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`Secure by Design data folder (rules/, schemas/) not found above ${__dirname}`);
    dir = parent;
  }
}
