import * as fs from 'node:fs';
import * as path from 'node:path';
import { findPackageDir } from '../core/rules/package-dir';

let cached: string | undefined;

export function toolVersion(): string {
  cached ??= (JSON.parse(fs.readFileSync(path.join(findPackageDir(), 'package.json'), 'utf8')) as { version: string }).version;
  return cached;
}
