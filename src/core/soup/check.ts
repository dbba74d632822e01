// Compares the SOUP register (soup.yaml) with what the product ships. Only direct shipped dependencies
// must have an entry (transitive packages are listed by the SBOM); an entry is unused when its package is
// neither a direct shipped dependency nor installed as a non-dev package in the lockfile, so registering a
// risky transitive package is allowed. Workspace packages and local (file:, link:, workspace:)
// dependencies are first-party code, not SOUP.
import { makeGap } from '../trace/model';
import { Gap, SoupComponent } from '../trace/types';
import { DeclaredDependency, Lockfile, packageNameOf, PackageManifest, resolveLocked } from './packages';
import { parseVersion, satisfies } from './semver';

export interface SoupInput {
  /** The root package.json first, then workspace packages. Empty when there is no package.json. */
  manifests: PackageManifest[];
  lockfile?: Lockfile;
  /** Workspace-relative path of soup.yaml (for messages, even when it does not exist). */
  soupFile: string;
  soupPresent: boolean;
  components: SoupComponent[];
}

export interface SoupDependency {
  name: string;
  spec: string;
  manifest: string;
  line: number;
  /** Version package-lock.json resolves, when there is one. */
  locked?: string;
  /** Version recorded in soup.yaml, when listed. */
  registered?: string;
}

export interface SoupResult {
  gaps: Gap[];
  /** Direct shipped third-party dependencies, sorted by name. */
  dependencies: SoupDependency[];
}

const LOCAL_SPEC = /^(?:workspace|file|link|portal):/;

function sameVersion(a: string, b: string): boolean {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  return pa && pb ? a.replace(/^v/, '').replace(/\+.*$/, '') === b.replace(/^v/, '').replace(/\+.*$/, '') : a.trim() === b.trim();
}

export function checkSoup(input: SoupInput): SoupResult {
  const gaps: Gap[] = [];
  if (input.manifests.length === 0) return { gaps, dependencies: [] };
  const lock = input.lockfile;
  const firstParty = new Set(input.manifests.map((m) => m.name).filter((n): n is string => !!n));
  const direct = new Map<string, DeclaredDependency[]>();
  const dirOf = new Map<string, string>(input.manifests.map((m) => [m.file, m.dir]));
  for (const m of input.manifests) {
    for (const d of m.dependencies) {
      if (firstParty.has(d.name) || LOCAL_SPEC.test(d.spec)) continue;
      if (lock && resolveLocked(lock, m.dir, d.name)?.link) continue;
      const list = direct.get(d.name) ?? [];
      list.push(d);
      direct.set(d.name, list);
    }
  }
  const installed = new Map<string, Set<string>>();
  if (lock) {
    for (const [at, pkg] of lock.packages) {
      const name = packageNameOf(at);
      if (!name || pkg.dev || pkg.link) continue;
      const versions = installed.get(name) ?? new Set<string>();
      if (pkg.version) versions.add(pkg.version);
      installed.set(name, versions);
    }
  }
  const byName = new Map(input.components.map((c) => [c.name, c]));
  const lockName = lock?.file ?? 'package-lock.json';

  const dependencies: SoupDependency[] = [];
  for (const [name, decls] of [...direct].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const first = decls[0];
    const locked = lock ? resolveLocked(lock, dirOf.get(first.manifest) ?? '', name)?.version : undefined;
    const component = byName.get(name);
    dependencies.push({ name, spec: first.spec, manifest: first.manifest, line: first.line, locked, registered: component?.version });
    if (component) continue;
    for (const d of decls) {
      const where = input.soupPresent ? `has no entry in ${input.soupFile}` : `is not registered: there is no ${input.soupFile}`;
      gaps.push(makeGap('soup-missing', name, { file: d.manifest, line: d.line, column: d.column, range: d.range }, `${name} (${d.field} ${d.spec || '?'}${locked ? `, locked ${locked}` : ''}) ${where}`));
    }
  }

  for (const c of input.components) {
    const decls = direct.get(c.name);
    const versions = installed.get(c.name);
    if (!decls && !versions) {
      const dev = input.manifests.some((m) => m.devDependencies.includes(c.name));
      gaps.push(
        makeGap(
          'soup-unused',
          c.name,
          c.loc,
          dev
            ? `${c.name} is only a devDependency (not shipped); remove it from ${input.soupFile}`
            : `${c.name} is in ${input.soupFile} but is not a shipped dependency in package.json${lock ? ` or ${lockName}` : ''}`,
        ),
      );
      continue;
    }
    if (!c.version || !c.versionLoc) continue;
    if (decls) {
      const d = decls[0];
      const locked = lock ? resolveLocked(lock, dirOf.get(d.manifest) ?? '', c.name)?.version : undefined;
      if (locked) {
        if (!sameVersion(c.version, locked)) gaps.push(makeGap('soup-version-mismatch', c.name, c.versionLoc, `${c.name}: ${input.soupFile} says ${c.version}, ${lockName} resolves ${locked}`));
      } else if (satisfies(c.version, d.spec) === false) {
        gaps.push(makeGap('soup-version-mismatch', c.name, c.versionLoc, `${c.name}: ${input.soupFile} says ${c.version}, which does not satisfy "${d.spec}" in ${d.manifest}`));
      }
    } else if (versions && versions.size && ![...versions].some((v) => sameVersion(c.version!, v))) {
      gaps.push(makeGap('soup-version-mismatch', c.name, c.versionLoc, `${c.name}: ${input.soupFile} says ${c.version}, ${lockName} installs ${[...versions].sort().join(', ')}`));
    }
  }
  return { gaps, dependencies };
}
