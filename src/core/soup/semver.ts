// Just enough of npm's semver range grammar to tell whether a SOUP entry's version satisfies the range in
// package.json when there is no lockfile: ^ ~ x-ranges, comparators, hyphen ranges and ||. Anything else
// (tags, URLs, git, file:, npm: aliases, workspace:) is "unknown", never a mismatch.

interface Version {
  major: number;
  minor: number;
  patch: number;
  pre: string[];
}

type Op = '<' | '<=' | '>' | '>=' | '=';

interface Comparator {
  op: Op;
  v: Version;
}

const VERSION = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;
const PARTIAL = /^v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

export function parseVersion(text: string): Version | undefined {
  const m = VERSION.exec(text.trim());
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), pre: m[4] ? m[4].split('.') : [] };
}

function comparePre(a: string[], b: string[]): number {
  if (!a.length || !b.length) return a.length ? -1 : b.length ? 1 : 0;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] === undefined) return -1;
    if (b[i] === undefined) return 1;
    const na = /^\d+$/.test(a[i]);
    const nb = /^\d+$/.test(b[i]);
    if (na && nb && Number(a[i]) !== Number(b[i])) return Number(a[i]) < Number(b[i]) ? -1 : 1;
    if (na !== nb) return na ? -1 : 1;
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

export function compareVersions(a: Version, b: Version): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch || comparePre(a.pre, b.pre);
}

function v(major: number, minor: number, patch: number, pre: string[] = []): Version {
  return { major, minor, patch, pre };
}

/** A partial version (1, 1.2, 1.x, *) with the comparator it stands for; undefined when malformed. */
function desugar(op: string, text: string): Comparator[] | undefined {
  const m = PARTIAL.exec(text);
  if (!m) return undefined;
  const wild = (s: string | undefined) => s === undefined || /^[xX*]$/.test(s);
  const major = wild(m[1]) ? undefined : Number(m[1]);
  const minor = major === undefined || wild(m[2]) ? undefined : Number(m[2]);
  const patch = minor === undefined || wild(m[3]) ? undefined : Number(m[3]);
  const pre = m[4] ? m[4].split('.') : [];
  if (major === undefined) return op === '<' || op === '>' ? [{ op: '<', v: v(0, 0, 0) }] : [];
  switch (op) {
    case '^': {
      const lo = v(major, minor ?? 0, patch ?? 0, pre);
      const hi = major > 0 || minor === undefined ? v(major + 1, 0, 0) : minor > 0 || patch === undefined ? v(0, minor + 1, 0) : v(0, 0, patch + 1);
      return [{ op: '>=', v: lo }, { op: '<', v: hi }];
    }
    case '~':
    case '~>': {
      const lo = v(major, minor ?? 0, patch ?? 0, pre);
      const hi = minor === undefined ? v(major + 1, 0, 0) : v(major, minor + 1, 0);
      return [{ op: '>=', v: lo }, { op: '<', v: hi }];
    }
    case '':
    case '=':
      if (patch !== undefined) return [{ op: '=', v: v(major, minor!, patch, pre) }];
      return minor === undefined
        ? [{ op: '>=', v: v(major, 0, 0) }, { op: '<', v: v(major + 1, 0, 0) }]
        : [{ op: '>=', v: v(major, minor, 0) }, { op: '<', v: v(major, minor + 1, 0) }];
    case '>':
      if (patch !== undefined) return [{ op: '>', v: v(major, minor!, patch, pre) }];
      return [{ op: '>=', v: minor === undefined ? v(major + 1, 0, 0) : v(major, minor + 1, 0) }];
    case '>=':
      return [{ op: '>=', v: v(major, minor ?? 0, patch ?? 0, pre) }];
    case '<':
      return [{ op: '<', v: v(major, minor ?? 0, patch ?? 0, pre) }];
    case '<=':
      if (patch !== undefined) return [{ op: '<=', v: v(major, minor!, patch, pre) }];
      return [{ op: '<', v: minor === undefined ? v(major + 1, 0, 0) : v(major, minor + 1, 0) }];
    default:
      return undefined;
  }
}

function parseSet(text: string): Comparator[] | undefined {
  const hyphen = /^\s*(\S+)\s+-\s+(\S+)\s*$/.exec(text);
  if (hyphen) {
    const lo = desugar('>=', hyphen[1]);
    const hi = desugar('<=', hyphen[2]);
    return lo && hi ? [...lo, ...hi] : undefined;
  }
  const out: Comparator[] = [];
  // "> 1.2" is written with a space sometimes: glue operators to their version first.
  const parts = text.replace(/(<=|>=|<|>|=|\^|~>|~)\s+/g, '$1').trim().split(/\s+/).filter(Boolean);
  for (const part of parts) {
    const m = /^(<=|>=|<|>|=|\^|~>|~)?(.*)$/.exec(part)!;
    const c = desugar(m[1] ?? '', m[2]);
    if (!c) return undefined;
    out.push(...c);
  }
  return out;
}

function test(c: Comparator, x: Version): boolean {
  const d = compareVersions(x, c.v);
  switch (c.op) {
    case '<':
      return d < 0;
    case '<=':
      return d <= 0;
    case '>':
      return d > 0;
    case '>=':
      return d >= 0;
    case '=':
      return d === 0;
  }
}

/**
 * Whether `version` satisfies the npm range. Undefined when either is not plain semver (dist-tags,
 * URLs, git, file:, npm: aliases, workspace: …): the caller cannot judge those.
 */
export function satisfies(version: string, range: string): boolean | undefined {
  const x = parseVersion(version);
  if (!x) return undefined;
  const r = range.trim();
  if (/^[a-z][a-z0-9+.-]*:/i.test(r) || r.includes('/')) return undefined;
  const sets = r === '' ? [[]] : r.split('||').map((s) => parseSet(s));
  if (sets.some((s) => s === undefined)) return undefined;
  return (sets as Comparator[][]).some((set) => {
    if (!set.every((c) => test(c, x))) return false;
    // A prerelease satisfies only a set that names a prerelease of the same major.minor.patch.
    if (!x.pre.length) return true;
    return set.some((c) => c.v.pre.length && c.v.major === x.major && c.v.minor === x.minor && c.v.patch === x.patch);
  });
}
