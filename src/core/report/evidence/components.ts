// The shipped third-party components for the SBOM: every non-dev package the lockfile installs (with its
// integrity hash, licence and dependencies), or, without a lockfile, the direct dependencies of
// package.json. Each is cross-referenced with its SOUP register entry.
import { SoupDependency } from '../../soup/check';
import { SoupComponent } from '../../trace/types';

export interface InstalledPackage {
  /** Lockfile key: "node_modules/a", "node_modules/a/node_modules/@s/b". */
  path: string;
  name: string;
  version?: string;
  integrity?: string;
  resolved?: string;
  license?: string;
  dev: boolean;
  /** Names of the packages it needs at run time. */
  deps: string[];
}

export interface ComponentInfo {
  /** The package URL, also the CycloneDX bom-ref. */
  bomRef: string;
  name: string;
  version?: string;
  /** Install paths in the lockfile ([] without one). */
  paths: string[];
  integrity?: string;
  resolved?: string;
  license?: string;
  /** Declared in a shipped dependency field of a package.json of the workspace. */
  direct: boolean;
  dependsOn: string[];
  soup?: SoupComponent;
}

export interface ProductInfo {
  name: string;
  version?: string;
  bomRef: string;
  dependsOn: string[];
}

export interface ComponentSet {
  product: ProductInfo;
  components: ComponentInfo[];
  /** Every package of the lockfile, dev ones included (to tell "not shipped" from "not installed"). */
  installed: InstalledPackage[];
  lockfile?: string;
  /** Where a problem with a package is best shown: its SOUP entry, its package.json line or its lockfile entry. */
  locate(name: string): { file: string; line: number; column: number };
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** purl of an npm package (scope percent-encoded as the purl spec asks). */
export function npmPurl(name: string, version?: string): string {
  const encoded = name.startsWith('@') && name.includes('/') ? `${encodeURIComponent(name.slice(0, name.indexOf('/')))}/${encodeURIComponent(name.slice(name.indexOf('/') + 1))}` : encodeURIComponent(name);
  return `pkg:npm/${encoded}${version ? `@${encodeURIComponent(version)}` : ''}`;
}

function nameOf(installPath: string): string | undefined {
  const i = installPath.lastIndexOf('node_modules/');
  return i < 0 ? undefined : installPath.slice(i + 'node_modules/'.length) || undefined;
}

const DEP_FIELDS = ['dependencies', 'optionalDependencies', 'peerDependencies'] as const;

/** package-lock.json / npm-shrinkwrap.json: v2/v3 `packages`, v1 nested `dependencies`. Unreadable → []. */
export function readInstalled(text: string): InstalledPackage[] {
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return []; // the trace reports the malformed lockfile as a gap
  }
  if (!isObj(data)) return [];
  const out: InstalledPackage[] = [];
  const s = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  if (isObj(data.packages)) {
    for (const [p, raw] of Object.entries(data.packages)) {
      if (!isObj(raw) || raw.link === true || !p.includes('node_modules/')) continue;
      const name = s(raw.name) ?? nameOf(p);
      if (!name) continue;
      const deps = DEP_FIELDS.flatMap((f) => (isObj(raw[f]) ? Object.keys(raw[f] as Obj) : []));
      out.push({ path: p, name, version: s(raw.version), integrity: s(raw.integrity), resolved: s(raw.resolved), license: s(raw.license), dev: raw.dev === true, deps: [...new Set(deps)].sort(compare) });
    }
  } else if (isObj(data.dependencies)) {
    const walk = (deps: Obj, prefix: string) => {
      for (const [name, raw] of Object.entries(deps)) {
        if (!isObj(raw)) continue;
        const p = `${prefix}node_modules/${name}`;
        out.push({ path: p, name, version: s(raw.version), integrity: s(raw.integrity), resolved: s(raw.resolved), dev: raw.dev === true, deps: isObj(raw.requires) ? Object.keys(raw.requires).sort(compare) : [] });
        if (isObj(raw.dependencies)) walk(raw.dependencies, `${p}/`);
      }
    };
    walk(data.dependencies, '');
  }
  return out.sort((a, b) => compare(a.path, b.path));
}

/** Node's lookup: the package's own node_modules, then each enclosing one up to the root. */
export function resolveFrom(byPath: ReadonlyMap<string, unknown>, from: string, dep: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = base ? `${base}/node_modules/${dep}` : `node_modules/${dep}`;
    if (byPath.has(candidate)) return candidate;
    if (!base) return undefined;
    const i = base.lastIndexOf('/node_modules/');
    base = i >= 0 ? base.slice(0, i) : '';
  }
}

function lineOf(text: string | undefined, needle: string): { line: number; column: number } | undefined {
  if (!text) return undefined;
  const i = text.indexOf(needle);
  if (i < 0) return undefined;
  const before = text.slice(0, i);
  const line = before.split('\n').length;
  return { line, column: i - before.lastIndexOf('\n') };
}

export interface ComponentInput {
  /** Folder name, used when there is no package.json name. */
  fallbackName: string;
  manifestText?: string;
  lockfile?: { file: string; text: string };
  /** Direct shipped dependencies of the workspace's package.json files (from the trace). */
  dependencies: SoupDependency[];
  soup: SoupComponent[];
  manifestTexts: ReadonlyMap<string, string>;
}

export function collectComponents(input: ComponentInput): ComponentSet {
  let productName = input.fallbackName;
  let productVersion: string | undefined;
  if (input.manifestText) {
    try {
      const m = JSON.parse(input.manifestText) as Obj;
      if (typeof m.name === 'string' && m.name) productName = m.name;
      if (typeof m.version === 'string' && m.version) productVersion = m.version;
    } catch {
      // reported by the trace as a package.json gap
    }
  }
  const soupByName = new Map(input.soup.map((c) => [c.name, c]));
  const installed = input.lockfile ? readInstalled(input.lockfile.text) : [];
  const shipped = installed.filter((p) => !p.dev);
  const byPath = new Map(shipped.map((p) => [p.path, p]));

  const locate = (name: string): ReturnType<ComponentSet['locate']> => {
    const soup = soupByName.get(name);
    if (soup) return { file: soup.loc.file, line: soup.loc.line, column: soup.loc.column };
    const decl = input.dependencies.find((d) => d.name === name);
    if (decl) {
      const lineText = input.manifestTexts.get(decl.manifest)?.split('\n')[decl.line - 1] ?? '';
      const col = lineText.indexOf(JSON.stringify(name));
      return { file: decl.manifest, line: decl.line, column: col >= 0 ? col + 1 : 1 };
    }
    const inLock = input.lockfile && lineOf(input.lockfile.text, JSON.stringify(`node_modules/${name}`));
    if (input.lockfile && inLock) return { file: input.lockfile.file, ...inLock };
    return { file: input.lockfile?.file ?? 'package.json', line: 1, column: 1 };
  };

  const components = new Map<string, ComponentInfo>();
  const refOfPath = new Map<string, string>();
  if (input.lockfile) {
    for (const p of shipped) {
      const bomRef = npmPurl(p.name, p.version);
      refOfPath.set(p.path, bomRef);
      const seen = components.get(bomRef);
      if (seen) {
        seen.paths.push(p.path);
        seen.integrity ??= p.integrity;
        continue;
      }
      components.set(bomRef, {
        bomRef,
        name: p.name,
        version: p.version,
        paths: [p.path],
        integrity: p.integrity,
        resolved: p.resolved,
        license: p.license,
        direct: false,
        dependsOn: [],
        soup: soupByName.get(p.name),
      });
    }
    for (const p of shipped) {
      const c = components.get(refOfPath.get(p.path)!)!;
      for (const dep of p.deps) {
        const target = resolveFrom(byPath, p.path, dep);
        const ref = target && refOfPath.get(target);
        if (ref && ref !== c.bomRef && !c.dependsOn.includes(ref)) c.dependsOn.push(ref);
      }
    }
  }

  const productDeps = new Set<string>();
  for (const d of input.dependencies) {
    const dir = d.manifest.includes('/') ? d.manifest.slice(0, d.manifest.lastIndexOf('/')) : '';
    const target = input.lockfile ? resolveFrom(byPath, dir, d.name) : undefined;
    let ref = target && refOfPath.get(target);
    if (!ref && !installed.some((p) => p.name === d.name)) {
      // No lockfile (or the package is missing from it): the version the SOUP register records, if any.
      const version = d.locked ?? soupByName.get(d.name)?.version;
      ref = npmPurl(d.name, version);
      if (!components.has(ref)) {
        components.set(ref, { bomRef: ref, name: d.name, version, paths: [], direct: true, dependsOn: [], soup: soupByName.get(d.name) });
      }
    }
    if (!ref) continue;
    components.get(ref)!.direct = true;
    productDeps.add(ref);
  }
  for (const c of components.values()) {
    c.paths.sort(compare);
    c.dependsOn.sort(compare);
  }
  return {
    product: { name: productName, version: productVersion, bomRef: npmPurl(productName, productVersion), dependsOn: [...productDeps].sort(compare) },
    components: [...components.values()].sort((a, b) => compare(a.name, b.name) || compare(a.version ?? '', b.version ?? '') || compare(a.bomRef, b.bomRef)),
    installed,
    lockfile: input.lockfile?.file,
    locate,
  };
}
