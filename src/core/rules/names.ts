// Qualified names say what a value is: `child_process.exec` (a module export), `pg.Pool()` (an instance
// made by calling or constructing pg.Pool), `express.Request.query` (a field of a framework object),
// `?db.query` (a member of something the file cannot resolve, keeping the local name for heuristics).
// Rules select them with globs: `*` is one segment, `**.` any prefix, `.**.` any middle, `{a,b}` either.

const cache = new Map<string, RegExp>();

export function compileNameGlob(glob: string): RegExp {
  const hit = cache.get(glob);
  if (hit) return hit;
  let re = '';
  let i = 0;
  if (glob.startsWith('**.')) {
    re += '(?:.*\\.)?';
    i = 3;
  }
  while (i < glob.length) {
    if (glob.startsWith('.**.', i)) {
      re += '(?:\\..*)?\\.';
      i += 4;
    } else if (glob.startsWith('.**', i) && i + 3 === glob.length) {
      re += '(?:\\..*)?';
      i += 3;
    } else {
      const c = glob[i];
      if (c === '*') re += '[^.]*';
      else if (c === '{') re += '(?:';
      else if (c === '}') re += ')';
      else if (c === ',') re += '|';
      else re += c.replace(/[\\^$.|?+()[\]]/g, '\\$&');
      i++;
    }
  }
  const compiled = new RegExp(`^${re}$`);
  cache.set(glob, compiled);
  return compiled;
}

/** `test` with its answers remembered per name (at most 20,000): the same names are asked about in every file. */
export function rememberAnswers(test: (name: string) => boolean): (name: string) => boolean {
  const answers = new Map<string, boolean>();
  return (name) => {
    let answer = answers.get(name);
    if (answer === undefined) {
      answer = test(name);
      if (answers.size > 20_000) answers.clear();
      answers.set(name, answer);
    }
    return answer;
  };
}

/** A glob whose only special syntax is `{a,b}` lists, none nested (so `expandBraces` gives all its names). */
const BRACES_ONLY = /^[^*{}]*(?:\{[^*{}]*\}[^*{}]*)*$/;

export class NameSet {
  private readonly exact = new Set<string>();
  private readonly patterns: RegExp[] = [];
  /** Last segments any member can end with; undefined when some glob ends in a wildcard. */
  private readonly lastNames: Set<string> | undefined = new Set<string>();

  constructor(private readonly globs: readonly string[]) {
    for (const g of globs) {
      // Brace lists without wildcards are a few exact names: a Set answers them without compiling a regex.
      if (BRACES_ONLY.test(g)) for (const n of expandBraces(g)) this.exact.add(n);
      else this.patterns.push(compileNameGlob(g));
      const last = lastSegmentNames(g);
      if (!last) this.lastNames = undefined;
      else for (const n of last) this.lastNames?.add(n);
    }
  }

  /**
   * `has`, answered without building or hashing the qualified name when its last segment (a member or
   * callee name the caller already has) cannot match: the common case on hot paths.
   */
  hasEnding(last: string, name: () => string | undefined): boolean {
    if (this.lastNames && !this.lastNames.has(last)) return false;
    return this.has(name());
  }

  /** First segments (module or global roots) every member starts with; undefined when some glob starts with a wildcard. */
  get roots(): Set<string> | undefined {
    if (this.rootNames === null) {
      const roots = new Set<string>();
      let all = true;
      for (const g of this.globs) {
        const first = /^((?:\{[^}]*\}|[^.{}])+)/.exec(g)?.[1].replace(/\(\)$/, '');
        if (!first || first.includes('*') || first.startsWith('?')) all = false;
        else for (const n of expandBraces(first)) roots.add(n);
      }
      this.rootNames = all ? roots : undefined;
    }
    return this.rootNames;
  }

  private rootNames: Set<string> | undefined | null = null;

  private readonly matchesPattern = rememberAnswers((name) => this.patterns.some((p) => p.test(name)));

  has(name: string | undefined): boolean {
    if (name === undefined) return false;
    if (this.exact.has(name)) return true;
    return this.patterns.length > 0 && this.matchesPattern(name);
  }

  get empty(): boolean {
    return this.exact.size === 0 && this.patterns.length === 0;
  }
}

/** The last segment of a qualified name without `?` and call marker: `pg.Pool().query` → `query`, `?db` → `db`. */
export function lastSegment(qname: string | undefined): string | undefined {
  if (!qname) return undefined;
  return qname.slice(qname.lastIndexOf('.') + 1).replace(/^\?/, '').replace(/\(\)$/, '') || undefined;
}

/** Module specifier → qualified-name root: `node:fs/promises` → `fs.promises`; relative modules are unknown. */
export function moduleQname(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/')) return undefined;
  return specifier.replace(/^node:/, '').split('/').join('.');
}

/** The last segment(s) a glob can end with, for indexing calls by their syntactic name; undefined = any. */
export function lastSegmentNames(glob: string): string[] | undefined {
  const m = /(?:^|\.)((?:\{[^}]*\}|[^.{}])+)$/.exec(glob);
  if (!m) return undefined;
  const seg = m[1].replace(/\(\)$/, '');
  if (seg.includes('*')) return undefined;
  return expandBraces(seg);
}

/** Every brace group expanded: `{user,staff}{,Id}` → user, userId, staff, staffId. */
function expandBraces(segment: string): string[] {
  let names = [''];
  for (const part of segment.split(/(\{[^}]*\})/)) {
    const options = part.startsWith('{') ? part.slice(1, -1).split(',') : [part];
    names = names.flatMap((prefix) => options.map((o) => prefix + o));
  }
  return names;
}
