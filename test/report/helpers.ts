import Ajv, { ValidateFunction } from 'ajv';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runReport } from '../../src/cli/report';
import { capture, RunResult } from '../cli/helpers';
import { makeTempDir } from '../temp-dir';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const EXAMPLE = path.join(REPO_ROOT, 'examples', 'infusion-gateway');
export const FIXTURES = path.join(__dirname, 'fixtures');
/** 2026-06-01T00:00:00Z */
export const EPOCH = 1780272000;
export const TODAY = '2026-06-01';

export function tempDir(prefix = 'sbd-report-'): string {
  return makeTempDir(prefix);
}

/** Creates a temporary workspace from a map of relative path → content. */
export function tempWorkspace(files: Record<string, string>): string {
  const root = tempDir();
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
  }
  return root;
}

/** A copy of the example workspace outside the repository (so its git state cannot change under a test). */
export function exampleCopy(): string {
  const root = tempDir('sbd-example-');
  fs.cpSync(EXAMPLE, root, { recursive: true });
  return root;
}

export function report(cwd: string, ...args: string[]): Promise<RunResult> {
  return capture(runReport, cwd, args);
}

export function readOut(dir: string, name: string): string {
  return fs.readFileSync(path.join(dir, name), 'utf8');
}

let cdxValidator: ValidateFunction | undefined;

/** The CycloneDX 1.6 JSON schema shipped with @cyclonedx/cyclonedx-library (formats not checked: no ajv-formats). */
export function cycloneDxValidator(): ValidateFunction {
  if (!cdxValidator) {
    const dir = path.join(REPO_ROOT, 'node_modules', '@cyclonedx', 'cyclonedx-library', 'res', 'schema');
    const load = (f: string) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as object;
    const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
    ajv.addSchema(load('spdx.SNAPSHOT.schema.json'), 'http://cyclonedx.org/schema/spdx.SNAPSHOT.schema.json');
    ajv.addSchema(load('jsf-0.82.SNAPSHOT.schema.json'), 'http://cyclonedx.org/schema/jsf-0.82.SNAPSHOT.schema.json');
    cdxValidator = ajv.compile(load('bom-1.6.SNAPSHOT.schema.json'));
  }
  return cdxValidator;
}

/** RFC 4180 reader: quoted fields with doubled quotes, commas and line breaks inside. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

export function integrityOf(content: string, alg: 'sha512' | 'sha1' = 'sha512'): string {
  return `${alg}-${createHash(alg).update(content).digest('base64')}`;
}

/** A small npm workspace: two shipped packages (one scoped), a transitive one, a dev-only one. */
export function packageWorkspace(soupYaml: string, extra: Record<string, string> = {}): string {
  const manifest = {
    name: 'pump-console',
    version: '1.4.0',
    dependencies: { 'left-pad': '^1.3.0', '@acme/crypto': '2.0.0' },
    devDependencies: { 'test-runner': '^1.0.0' },
  };
  const lock = {
    name: 'pump-console',
    version: '1.4.0',
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: 'pump-console', version: '1.4.0', dependencies: manifest.dependencies, devDependencies: manifest.devDependencies },
      'node_modules/@acme/crypto': {
        version: '2.0.0',
        resolved: 'https://deploy:s3cr3t-token@npm.acme.example/@acme/crypto/-/crypto-2.0.0.tgz?auth=abc123',
        integrity: integrityOf('acme-crypto'),
        license: '(MIT OR Apache-2.0)',
      },
      'node_modules/left-pad': {
        version: '1.3.0',
        resolved: 'https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz',
        integrity: integrityOf('left-pad'),
        license: 'WTFPL',
        dependencies: { 'tiny-dep': '^1.0.0' },
      },
      'node_modules/test-runner': { version: '1.2.0', integrity: integrityOf('test-runner'), dev: true, license: 'MIT' },
      'node_modules/tiny-dep': { version: '1.0.1', integrity: integrityOf('tiny-dep', 'sha1'), license: 'ISC' },
    },
  };
  return tempWorkspace({
    'package.json': `${JSON.stringify(manifest, null, 2)}\n`,
    'package-lock.json': `${JSON.stringify(lock, null, 2)}\n`,
    'security/soup.yaml': soupYaml,
    'src/app.ts': 'export const ready = true;\n',
    ...extra,
  });
}

export const SOUP_UNASSESSED = `components:
  - name: left-pad
    version: 1.3.0
    supplier: left-pad maintainers
    risk: low
    reviewed: "2026-05-01"
  - name: "@acme/crypto"
    version: 2.0.0
    supplier: ACME Corp.
    risk: high
    reviewed: "2026-05-01"
`;

/** Every file a report writes, by name. */
export function allOutputs(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fs.readdirSync(dir).sort()) if (fs.statSync(path.join(dir, f)).isFile()) out[f] = readOut(dir, f);
  return out;
}
