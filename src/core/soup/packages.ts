// package.json and package-lock.json as the SOUP check needs them. Shipped dependencies are
// `dependencies`, `optionalDependencies` and `peerDependencies` (npm 7+ installs peers, and they run in
// the product); `devDependencies` are build and test tools that are not shipped, so they are not SOUP.
import ts from '../typescript';
import { Range } from '../types';
import { Gap } from '../trace/types';

export const SHIPPED_DEPENDENCY_FIELDS = ['dependencies', 'optionalDependencies', 'peerDependencies'] as const;
export type DependencyField = (typeof SHIPPED_DEPENDENCY_FIELDS)[number];

export interface DeclaredDependency {
  name: string;
  /** The range as written in package.json. */
  spec: string;
  field: DependencyField;
  /** Workspace-relative path of the package.json. */
  manifest: string;
  line: number;
  column: number;
  range: Range;
}

export interface PackageManifest {
  file: string;
  /** Folder of the manifest, workspace-relative ('' for the root). */
  dir: string;
  name?: string;
  /** `workspaces` globs (npm/yarn), root manifest only. */
  workspaces: string[];
  dependencies: DeclaredDependency[];
  /** Names in devDependencies (not shipped; named in messages only). */
  devDependencies: string[];
  problems: Gap[];
}

export interface LockedPackage {
  version?: string;
  dev: boolean;
  /** A workspace symlink (first-party code, not SOUP). */
  link: boolean;
}

export interface Lockfile {
  file: string;
  lockfileVersion: number;
  /** Install path ("node_modules/a", "packages/x/node_modules/@s/b") → package (v2/v3 `packages`, v1 flattened). */
  packages: Map<string, LockedPackage>;
  problems: Gap[];
}

function gapAt(file: string, sf: ts.SourceFile | undefined, pos: number, message: string, id = file): Gap {
  const start = sf ? sf.getLineAndCharacterOfPosition(pos) : { line: 0, character: 0 };
  return { kind: 'schema', id, file, line: start.line + 1, column: start.character + 1, range: { start, end: start }, message };
}

function propName(p: ts.ObjectLiteralElementLike): string | undefined {
  if (!ts.isPropertyAssignment(p)) return undefined;
  return ts.isStringLiteral(p.name) || ts.isIdentifier(p.name) || ts.isNumericLiteral(p.name) ? p.name.text : undefined;
}

/** Reads a package.json keeping the position of every dependency (for gaps pointing at its line). */
export function readManifest(file: string, input: string): PackageManifest {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
  const manifest: PackageManifest = { file, dir, workspaces: [], dependencies: [], devDependencies: [], problems: [] };
  const sf = ts.parseJsonText(file, text);
  const diagnostics = (sf as unknown as { parseDiagnostics?: ts.Diagnostic[] }).parseDiagnostics ?? [];
  if (diagnostics.length) {
    const d = diagnostics[0];
    manifest.problems.push(gapAt(file, sf, d.start ?? 0, `invalid JSON: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`));
    return manifest;
  }
  const root = sf.statements[0]?.expression;
  if (!root || !ts.isObjectLiteralExpression(root)) {
    manifest.problems.push(gapAt(file, sf, 0, 'must be a JSON object'));
    return manifest;
  }
  const seen = new Set<string>();
  for (const prop of root.properties) {
    const key = propName(prop);
    if (!key || !ts.isPropertyAssignment(prop)) continue;
    const value = prop.initializer;
    if (key === 'name' && ts.isStringLiteral(value)) manifest.name = value.text;
    if (key === 'workspaces') {
      const list = ts.isObjectLiteralExpression(value) ? value.properties.find((p) => propName(p) === 'packages') : undefined;
      const arr = ts.isArrayLiteralExpression(value) ? value : list && ts.isPropertyAssignment(list) && ts.isArrayLiteralExpression(list.initializer) ? list.initializer : undefined;
      if (arr) for (const el of arr.elements) if (ts.isStringLiteral(el)) manifest.workspaces.push(el.text);
    }
    if (key === 'devDependencies' && ts.isObjectLiteralExpression(value)) {
      for (const dep of value.properties) {
        const name = propName(dep);
        if (name) manifest.devDependencies.push(name);
      }
    }
    if (!(SHIPPED_DEPENDENCY_FIELDS as readonly string[]).includes(key)) continue;
    if (!ts.isObjectLiteralExpression(value)) {
      manifest.problems.push(gapAt(file, sf, value.getStart(sf), `"${key}" must be an object`));
      continue;
    }
    for (const dep of value.properties) {
      const name = propName(dep);
      if (!name || !ts.isPropertyAssignment(dep) || seen.has(name)) continue;
      seen.add(name);
      const start = sf.getLineAndCharacterOfPosition(dep.name.getStart(sf));
      const end = sf.getLineAndCharacterOfPosition(dep.name.end);
      manifest.dependencies.push({
        name,
        spec: ts.isStringLiteral(dep.initializer) ? dep.initializer.text : '',
        field: key as DependencyField,
        manifest: file,
        line: start.line + 1,
        column: start.character + 1,
        range: { start, end },
      });
    }
  }
  return manifest;
}

/** Reads package-lock.json / npm-shrinkwrap.json: v2/v3 `packages`, or v1 nested `dependencies`. */
export function readLockfile(file: string, input: string): Lockfile {
  const lock: Lockfile = { file, lockfileVersion: 0, packages: new Map(), problems: [] };
  let data: unknown;
  try {
    data = JSON.parse(input.charCodeAt(0) === 0xfeff ? input.slice(1) : input);
  } catch (e) {
    const sf = ts.parseJsonText(file, input);
    const d = ((sf as unknown as { parseDiagnostics?: ts.Diagnostic[] }).parseDiagnostics ?? [])[0];
    lock.problems.push(gapAt(file, sf, d?.start ?? 0, `invalid JSON: ${(e as Error).message}`));
    return lock;
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    lock.problems.push(gapAt(file, undefined, 0, 'must be a JSON object'));
    return lock;
  }
  const obj = data as { lockfileVersion?: unknown; packages?: unknown; dependencies?: unknown };
  lock.lockfileVersion = typeof obj.lockfileVersion === 'number' ? obj.lockfileVersion : 1;
  if (obj.packages && typeof obj.packages === 'object') {
    for (const [p, raw] of Object.entries(obj.packages as Record<string, unknown>)) {
      if (p === '' || !raw || typeof raw !== 'object') continue;
      const pkg = raw as { version?: unknown; dev?: unknown; link?: unknown; devOptional?: unknown };
      lock.packages.set(p, { version: typeof pkg.version === 'string' ? pkg.version : undefined, dev: pkg.dev === true, link: pkg.link === true });
    }
    return lock;
  }
  if (obj.dependencies && typeof obj.dependencies === 'object') {
    const walk = (deps: Record<string, unknown>, prefix: string) => {
      for (const [name, raw] of Object.entries(deps)) {
        if (!raw || typeof raw !== 'object') continue;
        const dep = raw as { version?: unknown; dev?: unknown; dependencies?: unknown };
        const at = `${prefix}node_modules/${name}`;
        lock.packages.set(at, { version: typeof dep.version === 'string' ? dep.version : undefined, dev: dep.dev === true, link: false });
        if (dep.dependencies && typeof dep.dependencies === 'object') walk(dep.dependencies as Record<string, unknown>, `${at}/`);
      }
    };
    walk(obj.dependencies as Record<string, unknown>, '');
  }
  return lock;
}

/** The package a manifest in `dir` gets for `name`: its own node_modules first, then the hoisted one. */
export function resolveLocked(lock: Lockfile, dir: string, name: string): LockedPackage | undefined {
  if (dir) {
    const own = lock.packages.get(`${dir}/node_modules/${name}`);
    if (own) return own;
  }
  return lock.packages.get(`node_modules/${name}`);
}

/** Package name of an install path: the part after the last node_modules/ (scoped names keep their scope). */
export function packageNameOf(installPath: string): string | undefined {
  const i = installPath.lastIndexOf('node_modules/');
  return i < 0 ? undefined : installPath.slice(i + 'node_modules/'.length);
}
