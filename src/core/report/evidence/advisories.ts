// Known-vulnerability input for the evidence report (IEC 81001-5-1 4.1.5, 6.2.1, 9.x): the JSON that
// `npm audit --json` (npm 7+) or osv-scanner prints, or OSV records. The product never goes online; the
// user runs those tools and hands us their output.
import { createHash } from 'node:crypto';
import { parseJsonWithPositions, PositionedJson } from './json-positions';

export type VulnSeverity = 'critical' | 'high' | 'medium' | 'low' | 'info' | 'none' | 'unknown';
export type AdvisoryFormat = 'npm-audit' | 'osv' | 'osv-scanner';

export interface OsvEvent {
  introduced?: string;
  fixed?: string;
  last_affected?: string;
  limit?: string;
}

export interface OsvRange {
  type: string;
  events: OsvEvent[];
}

/** Which installed versions of the package an advisory is about, as precisely as its source says. */
export type AffectedVersions =
  /** npm audit: the install paths (lockfile keys) it found vulnerable, and the vulnerable range. */
  | { kind: 'install-paths'; paths: string[]; range?: string }
  /** osv-scanner: the versions it matched. */
  | { kind: 'exact'; versions: string[] }
  /** A bare OSV record: decided per installed version from its version list and ranges. */
  | { kind: 'osv'; versions: string[]; ranges: OsvRange[] };

export interface Advisory {
  /** GHSA, CVE or OSV id (npm audit: the GHSA id from the advisory URL). */
  id: string;
  aliases: string[];
  /** npm package name. */
  package: string;
  affected: AffectedVersions;
  severity: VulnSeverity;
  score?: number;
  vector?: string;
  title?: string;
  cwe: number[];
  url?: string;
  published?: string;
  modified?: string;
  /** Where the advisory is in the input file (1-based). */
  line: number;
  column: number;
}

export interface AdvisoryInput {
  /** The file as shown in the report and in messages. */
  file: string;
  format: AdvisoryFormat;
  sha256: string;
  /** One per package and advisory id, sorted by package, then id. */
  advisories: Advisory[];
  /** Records about other ecosystems than npm, left out. */
  ignored: number;
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '') : []);

export function severityOf(text: unknown): VulnSeverity {
  const s = typeof text === 'string' ? text.toLowerCase() : '';
  if (s === 'moderate' || s === 'medium') return 'medium';
  if (s === 'critical' || s === 'high' || s === 'low' || s === 'info' || s === 'none') return s;
  return 'unknown';
}

/** CVSS base score bands. */
export function severityOfScore(score: number): VulnSeverity {
  return score >= 9 ? 'critical' : score >= 7 ? 'high' : score >= 4 ? 'medium' : score > 0 ? 'low' : 'none';
}

function cweNumbers(v: unknown): number[] {
  const out = strings(v)
    .map((s) => Number(/^CWE-(\d+)$/i.exec(s.trim())?.[1]))
    .filter((n) => Number.isInteger(n) && n > 0);
  return [...new Set(out)].sort((a, b) => a - b);
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Reads an advisories file's text; a malformed one throws an InputError naming file, line and column. */
export function parseAdvisories(text: string, file: string): AdvisoryInput {
  const json: PositionedJson = parseJsonWithPositions(text, file);
  const root = json.value;
  const collected = new Map<string, Advisory>();
  let format: AdvisoryFormat;
  let ignored = 0;
  const add = (a: Advisory) => {
    const key = `${a.package}\u0000${a.id}`;
    const seen = collected.get(key);
    if (!seen) {
      collected.set(key, a);
      return;
    }
    seen.aliases = [...new Set([...seen.aliases, ...a.aliases])].sort(compare);
    if (seen.affected.kind === 'install-paths' && a.affected.kind === 'install-paths') seen.affected.paths = [...new Set([...seen.affected.paths, ...a.affected.paths])].sort(compare);
    else if (seen.affected.kind === 'exact' && a.affected.kind === 'exact') seen.affected.versions = [...new Set([...seen.affected.versions, ...a.affected.versions])].sort(compare);
  };

  if (Array.isArray(root)) {
    format = 'osv';
    root.forEach((record, i) => {
      if (!isObj(record)) json.fail(root, i, `item ${i + 1} is not an OSV record (expected an object with "id")`);
      const found = osvRecord(json, record, undefined);
      if (!found.length) ignored++;
      found.forEach(add);
    });
  } else if (!isObj(root)) {
    json.fail(undefined, undefined, 'expected the JSON of `npm audit --json`, osv-scanner or OSV records (an object or an array)');
  } else if (isObj(root.error) && root.vulnerabilities === undefined) {
    const code = str(root.error.code) ?? 'error';
    json.fail(root, 'error', `npm audit failed (${code}): ${str(root.error.summary) ?? 'no report'}`);
  } else if (root.vulnerabilities !== undefined) {
    format = 'npm-audit';
    npmAudit(json, root).forEach(add);
  } else if (root.advisories !== undefined) {
    json.fail(root, 'advisories', 'this is the npm 6 audit format; run `npm audit --json` with npm 7 or later');
  } else if (root.results !== undefined) {
    format = 'osv-scanner';
    ignored = osvScanner(json, root, add);
  } else if (typeof root.id === 'string') {
    format = 'osv';
    const found = osvRecord(json, root, undefined);
    if (!found.length) ignored++;
    found.forEach(add);
  } else {
    json.fail(root, undefined, 'not an advisories file: expected "vulnerabilities" (npm audit --json), "results" (osv-scanner) or an OSV record with "id"');
  }
  const advisories = [...collected.values()].sort((a, b) => compare(a.package, b.package) || compare(a.id, b.id));
  return { file, format: format!, sha256: createHash('sha256').update(text).digest('hex'), advisories, ignored };
}

function npmAudit(json: PositionedJson, root: Obj): Advisory[] {
  const vulns = root.vulnerabilities;
  if (!isObj(vulns)) json.fail(root, 'vulnerabilities', '"vulnerabilities" must be an object keyed by package name (npm 7+ audit format)');
  const out: Advisory[] = [];
  for (const [name, entry] of Object.entries(vulns)) {
    if (!isObj(entry)) json.fail(vulns, name, `vulnerabilities["${name}"] must be an object`);
    if (!Array.isArray(entry.via)) json.fail(entry, entry.via === undefined ? undefined : 'via', `vulnerabilities["${name}"].via must be a list`);
    if (entry.nodes !== undefined && !Array.isArray(entry.nodes)) json.fail(entry, 'nodes', `vulnerabilities["${name}"].nodes must be a list of install paths`);
    const paths = strings(entry.nodes).sort(compare);
    const via = entry.via as unknown[];
    via.forEach((item, i) => {
      // A string names the dependency through which the package is vulnerable; that package has its own entry.
      if (typeof item === 'string') return;
      if (!isObj(item)) json.fail(via, i, `vulnerabilities["${name}"].via[${i}] must be a package name or an advisory object`);
      const url = str(item.url);
      const ghsa = url ? /\/(GHSA(?:-[23456789cfghjmpqrvwx]{4}){3})\b/i.exec(url)?.[1] : undefined;
      const source = typeof item.source === 'number' || typeof item.source === 'string' ? String(item.source) : undefined;
      const id = ghsa ? ghsa.replace(/^ghsa/i, 'GHSA') : source ? `NPM-${source}` : undefined;
      if (!id) json.fail(via, i, `vulnerabilities["${name}"].via[${i}] has neither an advisory "url" nor a "source" id`);
      const cvss = isObj(item.cvss) ? item.cvss : undefined;
      const score = typeof cvss?.score === 'number' && cvss.score > 0 ? cvss.score : undefined;
      const pos = json.at(via, i);
      out.push({
        id,
        aliases: [],
        package: str(item.name) ?? name,
        affected: { kind: 'install-paths', paths, range: str(item.range) },
        severity: severityOf(item.severity ?? entry.severity),
        score,
        vector: str(cvss?.vectorString),
        title: str(item.title),
        cwe: cweNumbers(item.cwe),
        url,
        line: pos.line,
        column: pos.column,
      });
    });
  }
  return out;
}

function osvScanner(json: PositionedJson, root: Obj, add: (a: Advisory) => void): number {
  const results = root.results;
  if (!Array.isArray(results)) json.fail(root, 'results', '"results" must be a list (osv-scanner --format json)');
  let ignored = 0;
  results.forEach((result, r) => {
    if (!isObj(result)) json.fail(results, r, `results[${r}] must be an object`);
    if (result.packages === undefined || result.packages === null) return;
    const packages = result.packages;
    if (!Array.isArray(packages)) json.fail(result, 'packages', `results[${r}].packages must be a list`);
    packages.forEach((entry, p) => {
      const where = `results[${r}].packages[${p}]`;
      if (!isObj(entry)) json.fail(packages, p, `${where} must be an object`);
      const pkg = entry.package;
      if (!isObj(pkg) || !str(pkg.name)) json.fail(isObj(pkg) ? pkg : entry, isObj(pkg) ? undefined : 'package', `${where}.package must have a "name"`);
      const vulns = entry.vulnerabilities ?? [];
      if (!Array.isArray(vulns)) json.fail(entry, 'vulnerabilities', `${where}.vulnerabilities must be a list of OSV records`);
      if (str(pkg.ecosystem) && pkg.ecosystem !== 'npm') {
        ignored += vulns.length;
        return;
      }
      const maxSeverity = new Map<string, number>();
      if (Array.isArray(entry.groups)) {
        for (const g of entry.groups) {
          if (!isObj(g)) continue;
          const score = Number(g.max_severity);
          if (!Number.isFinite(score) || g.max_severity === '') continue;
          for (const id of [...strings(g.ids), ...strings(g.aliases)]) maxSeverity.set(id, score);
        }
      }
      const version = str(pkg.version);
      vulns.forEach((record, v) => {
        if (!isObj(record)) json.fail(vulns, v, `${where}.vulnerabilities[${v}] must be an OSV record`);
        const found = osvRecord(json, record, { name: pkg.name as string, versions: version ? [version] : [] });
        for (const a of found) {
          if (a.severity === 'unknown' && maxSeverity.has(a.id)) {
            a.score = maxSeverity.get(a.id);
            a.severity = severityOfScore(a.score!);
          }
          add(a);
        }
      });
    });
  });
  return ignored;
}

/** One OSV record → an advisory per npm package it names (or for the package osv-scanner matched). */
function osvRecord(json: PositionedJson, record: Obj, matched: { name: string; versions: string[] } | undefined): Advisory[] {
  const id = str(record.id);
  if (!id) json.fail(record, record.id === undefined ? undefined : 'id', 'OSV record without an "id"');
  if (record.aliases !== undefined && !Array.isArray(record.aliases)) json.fail(record, 'aliases', `${id}: "aliases" must be a list`);
  const db = isObj(record.database_specific) ? record.database_specific : {};
  let vector: string | undefined;
  if (Array.isArray(record.severity)) {
    for (const s of record.severity) if (isObj(s) && /^CVSS_V/.test(String(s.type)) && str(s.score)) vector ??= s.score as string;
  }
  const refs = Array.isArray(record.references) ? record.references.filter(isObj) : [];
  const url = str(refs.find((r) => r.type === 'ADVISORY')?.url) ?? str(refs.find((r) => r.type === 'WEB')?.url);
  const pos = json.at(record);
  const base = {
    id,
    aliases: strings(record.aliases).filter((a) => a !== id).sort(compare),
    severity: severityOf(db.severity),
    vector,
    title: str(record.summary),
    cwe: cweNumbers(db.cwe_ids),
    url,
    published: str(record.published),
    modified: str(record.modified),
    line: pos.line,
    column: pos.column,
  };
  if (matched) return [{ ...base, package: matched.name, affected: { kind: 'exact', versions: matched.versions } }];

  if (record.affected === undefined) json.fail(record, undefined, `${id}: an OSV record needs "affected" to name the package`);
  const affected = record.affected;
  if (!Array.isArray(affected)) json.fail(record, 'affected', `${id}: "affected" must be a list`);
  const byPackage = new Map<string, { versions: string[]; ranges: OsvRange[] }>();
  affected.forEach((a, i) => {
    if (!isObj(a) || !isObj(a.package) || !str(a.package.name)) json.fail(affected, i, `${id}: affected[${i}] must name a package ({ "package": { "name", "ecosystem" } })`);
    const pkg = a.package as Obj;
    if (String(pkg.ecosystem).toLowerCase() !== 'npm') return;
    if (a.ranges !== undefined && !Array.isArray(a.ranges)) json.fail(a, 'ranges', `${id}: affected[${i}].ranges must be a list`);
    const ranges: OsvRange[] = [];
    ((a.ranges as unknown[] | undefined) ?? []).forEach((r, k) => {
      if (!isObj(r) || !Array.isArray(r.events)) json.fail(a.ranges as unknown[], k, `${id}: affected[${i}].ranges[${k}] must have "events"`);
      ranges.push({
        type: String(r.type ?? ''),
        events: (r.events as unknown[]).filter(isObj).map((e) => ({
          introduced: str(e.introduced),
          fixed: str(e.fixed),
          last_affected: str(e.last_affected),
          limit: str(e.limit),
        })),
      });
    });
    const entry = byPackage.get(pkg.name as string) ?? { versions: [], ranges: [] };
    entry.versions.push(...strings(a.versions));
    entry.ranges.push(...ranges);
    byPackage.set(pkg.name as string, entry);
  });
  return [...byPackage].map(([name, v]) => ({ ...base, package: name, affected: { kind: 'osv', versions: v.versions, ranges: v.ranges } }));
}
