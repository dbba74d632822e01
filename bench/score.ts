// Scores a SARIF log against the labelled accuracy corpus.
//
// Rules (see bench/corpus/README.md):
// - A result's family comes from its CWEs (bench/families.ts): the result's own `properties.cwe`/tags
//   when it has any (peers set them per message), else its rule's `properties.cwe` and
//   `external/cwe/cwe-N` tags. No family → "unmapped": listed, never scored. Results with a non-empty
//   `suppressions` array are ignored.
// - A result is a true positive when a `tp <family>` label of one of its families sits on a line inside
//   its region [startLine, endLine] in the same file. Each label counts once: further results on an
//   already-matched label are duplicates, not false positives. Results are deduplicated per
//   (file, startLine, family) before matching.
// - Every other mapped result is a false positive (attributed to its first family); every tp label no
//   result matched is a false negative.
// - precision = tp / (tp + fp), recall = tp / (tp + fn); undefined (null) when the denominator is 0.
//   Micro figures pool the counts of all families; macro figures are the mean over the families that
//   have at least one tp label in the corpus, an undefined value counting as 0 (a tool that reports
//   nothing for a family gets no credit there). Macro F1 is the mean of the per-family F1 values.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FAMILIES, Family, familiesOf } from './families';
import { collectLabels, corpusFiles, Label } from './labels';

// ---- the parts of SARIF 2.1.0 the scorer reads ------------------------------------------------

interface SarifArtifactLocation {
  uri?: string;
  uriBaseId?: string;
  index?: number;
}

interface SarifRegion {
  startLine?: number;
  endLine?: number;
}

interface SarifLocation {
  physicalLocation?: { artifactLocation?: SarifArtifactLocation; region?: SarifRegion };
}

type SarifProperties = Record<string, unknown> & { cwe?: unknown; tags?: unknown };

interface SarifRule {
  id: string;
  properties?: SarifProperties;
}

export interface SarifResult {
  ruleId?: string;
  ruleIndex?: number;
  rule?: { id?: string; index?: number };
  locations?: SarifLocation[];
  suppressions?: unknown[];
  properties?: SarifProperties;
}

interface SarifRun {
  tool: { driver: { name: string; rules?: SarifRule[] }; extensions?: { rules?: SarifRule[] }[] };
  originalUriBaseIds?: Record<string, { uri?: string; uriBaseId?: string }>;
  artifacts?: { location?: SarifArtifactLocation }[];
  results?: SarifResult[];
}

export interface SarifLog {
  version?: string;
  runs: SarifRun[];
}

// ---- report shapes ----------------------------------------------------------------------------

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export interface Rates {
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

export type FamilyScore = Counts & Rates;

export interface ResultRef {
  ruleId: string;
  file: string;
  line: number;
  cwe: number[];
}

export interface FalsePositive extends ResultRef {
  family: Family;
  /** A `tn` label of the same family sits inside the result's region (a look-alike was flagged). */
  onTnLabel: boolean;
}

export interface ScoreReport {
  tool: string;
  corpus: { files: number; tpLabels: number; tnLabels: number };
  families: Record<Family, FamilyScore>;
  micro: FamilyScore;
  macro: Rates;
  falsePositives: FalsePositive[];
  falseNegatives: Label[];
  /** Results whose CWEs map to no family, with how many times each rule fired. */
  unmapped: { ruleId: string; cwe: number[]; count: number; examples: ResultRef[] }[];
  /** Mapped results whose file is not a corpus file (a path-resolution problem when non-empty). */
  outsideCorpus: ResultRef[];
  suppressed: number;
  duplicates: number;
}

export interface ScoreOptions {
  /** Directory relative URIs may also be relative to (the tool's working directory). Default: cwd. */
  baseDir?: string;
}

// ---- helpers ----------------------------------------------------------------------------------

function cwesFromProperties(props: SarifProperties | undefined): number[] {
  if (!props) return [];
  const out: number[] = [];
  const push = (v: unknown) => {
    const m = typeof v === 'number' ? [String(v)] : typeof v === 'string' ? /^(?:external\/cwe\/)?(?:cwe-)?(\d+)$/i.exec(v.trim())?.slice(1) : undefined;
    if (m) {
      const n = Number(m[0]);
      if (!out.includes(n)) out.push(n);
    }
  };
  if (Array.isArray(props.cwe)) props.cwe.forEach(push);
  else if (props.cwe !== undefined) push(props.cwe);
  if (Array.isArray(props.tags)) {
    for (const tag of props.tags) if (typeof tag === 'string' && /^(external\/cwe\/)?cwe-\d+$/i.test(tag)) push(tag);
  }
  return out;
}

function rate(num: number, den: number): number | null {
  return den === 0 ? null : num / den;
}

export function rates(c: Counts): Rates {
  const precision = rate(c.tp, c.tp + c.fp);
  const recall = rate(c.tp, c.tp + c.fn);
  const p = precision ?? 0;
  const r = recall ?? 0;
  const f1 = precision === null && recall === null ? null : p + r === 0 ? 0 : (2 * p * r) / (p + r);
  return { precision, recall, f1 };
}

function mean(values: (number | null)[]): number | null {
  if (values.length === 0) return null;
  return values.reduce<number>((s, v) => s + (v ?? 0), 0) / values.length;
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** Resolves a SARIF artifact location to an absolute path, or undefined when it is not a file URI. */
function absoluteOf(loc: SarifArtifactLocation, run: SarifRun, baseDir: string): string | undefined {
  const uri = loc.uri ?? (loc.index !== undefined ? run.artifacts?.[loc.index]?.location?.uri : undefined);
  if (!uri) return undefined;
  if (/^file:/i.test(uri)) return fileURLToPath(uri);
  if (/^[a-z][a-z0-9+.-]*:/i.test(uri) && !/^[a-z]:[\\/]/i.test(uri)) return undefined;
  const decoded = decodeURIComponent(uri);
  const baseId = loc.uriBaseId ?? (loc.index !== undefined ? run.artifacts?.[loc.index]?.location?.uriBaseId : undefined);
  if (baseId) {
    const base = resolveBase(baseId, run, baseDir, 0);
    if (base) return path.resolve(base, decoded);
  }
  return path.resolve(baseDir, decoded);
}

function resolveBase(id: string, run: SarifRun, baseDir: string, depth: number): string | undefined {
  const entry = run.originalUriBaseIds?.[id];
  if (!entry?.uri || depth > 8) return undefined;
  if (/^file:/i.test(entry.uri)) return fileURLToPath(entry.uri);
  const parent = entry.uriBaseId ? resolveBase(entry.uriBaseId, run, baseDir, depth + 1) : baseDir;
  return parent ? path.resolve(parent, decodeURIComponent(entry.uri)) : undefined;
}

/** Maps a result's artifact location to a corpus-relative file (or the raw URI when none matches). */
function corpusFileOf(loc: SarifArtifactLocation | undefined, run: SarifRun, corpusDir: string, baseDir: string, known: Set<string>): { file: string; inCorpus: boolean } {
  const raw = loc?.uri ?? '';
  if (!loc) return { file: raw, inCorpus: false };
  const candidates: string[] = [];
  const abs = absoluteOf(loc, run, baseDir);
  if (abs) candidates.push(toPosix(path.relative(corpusDir, abs)));
  if (raw && !/^[a-z][a-z0-9+.-]*:/i.test(raw)) candidates.push(toPosix(path.normalize(decodeURIComponent(raw))));
  for (const c of candidates) if (known.has(c)) return { file: c, inCorpus: true };
  // Tools run from another folder report e.g. `bench/corpus/app/x.ts`: accept a unique known suffix.
  for (const c of candidates) {
    const parts = c.split('/');
    for (let i = 1; i < parts.length; i++) {
      const suffix = parts.slice(i).join('/');
      if (known.has(suffix)) return { file: suffix, inCorpus: true };
    }
  }
  return { file: candidates[0] ?? raw, inCorpus: false };
}

export function loadSarif(source: string | SarifLog): SarifLog {
  const log = typeof source === 'string' ? (JSON.parse(fs.readFileSync(source, 'utf8')) as SarifLog) : source;
  if (!log || !Array.isArray(log.runs)) throw new Error('not a SARIF log: no "runs" array');
  return log;
}

// ---- scoring ----------------------------------------------------------------------------------

interface Candidate {
  ref: ResultRef;
  families: Family[];
  start: number;
  end: number;
}

export function score(sarif: string | SarifLog, corpusDir: string, options: ScoreOptions = {}): ScoreReport {
  const log = loadSarif(sarif);
  const corpus = path.resolve(corpusDir);
  const baseDir = path.resolve(options.baseDir ?? process.cwd());
  const known = new Set(corpusFiles(corpus));
  const labels = collectLabels(corpus);
  const tpLabels = labels.filter((l) => l.kind === 'tp');
  const tnLabels = labels.filter((l) => l.kind === 'tn');

  const candidates: Candidate[] = [];
  const unmapped = new Map<string, { ruleId: string; cwe: number[]; count: number; examples: ResultRef[] }>();
  const outsideCorpus: ResultRef[] = [];
  let suppressed = 0;
  const tools: string[] = [];

  for (const run of log.runs) {
    tools.push(run.tool?.driver?.name ?? 'unknown');
    const rules = [...(run.tool?.driver?.rules ?? []), ...(run.tool?.extensions ?? []).flatMap((e) => e.rules ?? [])];
    const byId = new Map(rules.map((r) => [r.id, r]));
    for (const result of run.results ?? []) {
      if (Array.isArray(result.suppressions) && result.suppressions.length > 0) {
        suppressed++;
        continue;
      }
      const index = result.ruleIndex ?? result.rule?.index;
      const rule = (result.ruleId !== undefined ? byId.get(result.ruleId) : undefined) ?? (index !== undefined ? run.tool.driver.rules?.[index] : undefined);
      const ruleId = result.ruleId ?? result.rule?.id ?? rule?.id ?? 'unknown';
      // A result's own CWEs (peers set them per message) are more specific than its rule's.
      const own = cwesFromProperties(result.properties);
      const cwe = own.length > 0 ? own : cwesFromProperties(rule?.properties);
      const phys = result.locations?.[0]?.physicalLocation;
      const { file, inCorpus } = corpusFileOf(phys?.artifactLocation, run, corpus, baseDir, known);
      const start = Math.max(1, phys?.region?.startLine ?? 1);
      const end = Math.max(start, phys?.region?.endLine ?? start);
      const ref: ResultRef = { ruleId, file, line: start, cwe };
      const families = familiesOf(cwe);
      if (families.length === 0) {
        const key = `${ruleId}\u0000${cwe.join(',')}`;
        const entry = unmapped.get(key) ?? { ruleId, cwe, count: 0, examples: [] };
        entry.count++;
        if (entry.examples.length < 3) entry.examples.push(ref);
        unmapped.set(key, entry);
        continue;
      }
      if (!inCorpus) {
        outsideCorpus.push(ref);
        continue;
      }
      candidates.push({ ref, families, start, end });
    }
  }

  // Narrow regions first, so that a result spanning a whole function does not take a label that a
  // precise result on the same line would match.
  candidates.sort((a, b) => a.ref.file.localeCompare(b.ref.file) || a.end - a.start - (b.end - b.start) || a.start - b.start);

  const labelsByFile = new Map<string, Label[]>();
  for (const l of labels) {
    const list = labelsByFile.get(l.file) ?? [];
    list.push(l);
    labelsByFile.set(l.file, list);
  }
  const matched = new Set<Label>();
  const seen = new Set<string>();
  const counts = new Map<Family, Counts>(FAMILIES.map((f) => [f, { tp: 0, fp: 0, fn: 0 }]));
  const falsePositives: FalsePositive[] = [];
  let duplicates = 0;

  for (const c of candidates) {
    const inRegion = (labelsByFile.get(c.ref.file) ?? []).filter((l) => l.line >= c.start && l.line <= c.end && c.families.includes(l.family));
    const tps = inRegion.filter((l) => l.kind === 'tp').sort((a, b) => Number(b.line === c.start) - Number(a.line === c.start) || a.line - b.line);
    const free = tps.find((l) => !matched.has(l));
    const family = free?.family ?? tps[0]?.family ?? c.families[0];
    const key = `${c.ref.file}\u0000${c.start}\u0000${family}`;
    if (seen.has(key)) {
      duplicates++;
      continue;
    }
    seen.add(key);
    if (free) {
      matched.add(free);
      counts.get(free.family)!.tp++;
    } else if (tps.length > 0) {
      duplicates++;
    } else {
      counts.get(family)!.fp++;
      falsePositives.push({ ...c.ref, family, onTnLabel: inRegion.some((l) => l.kind === 'tn' && l.family === family) });
    }
  }

  const falseNegatives = tpLabels.filter((l) => !matched.has(l));
  for (const l of falseNegatives) counts.get(l.family)!.fn++;

  const families = {} as Record<Family, FamilyScore>;
  for (const f of FAMILIES) {
    const c = counts.get(f)!;
    families[f] = { ...c, ...rates(c) };
  }
  const pooled: Counts = { tp: 0, fp: 0, fn: 0 };
  for (const c of counts.values()) {
    pooled.tp += c.tp;
    pooled.fp += c.fp;
    pooled.fn += c.fn;
  }
  const present = FAMILIES.filter((f) => tpLabels.some((l) => l.family === f));
  const macro: Rates = {
    precision: mean(present.map((f) => families[f].precision)),
    recall: mean(present.map((f) => families[f].recall)),
    f1: mean(present.map((f) => families[f].f1)),
  };

  return {
    tool: [...new Set(tools)].join(' + ') || 'unknown',
    corpus: { files: known.size, tpLabels: tpLabels.length, tnLabels: tnLabels.length },
    families,
    micro: { ...pooled, ...rates(pooled) },
    macro,
    falsePositives,
    falseNegatives,
    unmapped: [...unmapped.values()].sort((a, b) => b.count - a.count || a.ruleId.localeCompare(b.ruleId)),
    outsideCorpus,
    suppressed,
    duplicates,
  };
}

// ---- text output ------------------------------------------------------------------------------

export function pct(v: number | null): string {
  return v === null ? 'n/a' : `${(v * 100).toFixed(1)}%`;
}

function pad(s: string, n: number, right = false): string {
  return right ? s.padStart(n) : s.padEnd(n);
}

/** A per-family table with one row per tool (the tools' rows side by side under each family). */
export function comparisonTable(reports: { name: string; report: ScoreReport }[]): string {
  const nameWidth = Math.max(8, ...reports.map((r) => r.name.length));
  const header = `${pad('family', 20)} ${pad('tool', nameWidth)} ${pad('TP', 4, true)} ${pad('FP', 4, true)} ${pad('FN', 4, true)} ${pad('P', 7, true)} ${pad('R', 7, true)} ${pad('F1', 7, true)}`;
  const lines = [header, '-'.repeat(header.length)];
  const row = (label: string, name: string, s: FamilyScore | (Rates & Partial<Counts>)) =>
    `${pad(label, 20)} ${pad(name, nameWidth)} ${pad(s.tp === undefined ? '' : String(s.tp), 4, true)} ${pad(s.fp === undefined ? '' : String(s.fp), 4, true)} ${pad(s.fn === undefined ? '' : String(s.fn), 4, true)} ${pad(pct(s.precision), 7, true)} ${pad(pct(s.recall), 7, true)} ${pad(pct(s.f1), 7, true)}`;
  for (const f of FAMILIES) {
    reports.forEach((r, i) => lines.push(row(i === 0 ? f : '', r.name, r.report.families[f])));
  }
  lines.push('-'.repeat(header.length));
  reports.forEach((r, i) => lines.push(row(i === 0 ? 'micro' : '', r.name, r.report.micro)));
  reports.forEach((r, i) => lines.push(row(i === 0 ? 'macro' : '', r.name, r.report.macro)));
  return lines.join('\n');
}

/** The same comparison as a Markdown table (for RESULTS.md). */
export function comparisonMarkdown(reports: { name: string; report: ScoreReport }[]): string {
  const lines = ['| family | tool | TP | FP | FN | precision | recall | F1 |', '|---|---|--:|--:|--:|--:|--:|--:|'];
  const row = (label: string, name: string, s: Rates & Partial<Counts>) =>
    `| ${label} | ${name} | ${s.tp ?? ''} | ${s.fp ?? ''} | ${s.fn ?? ''} | ${pct(s.precision)} | ${pct(s.recall)} | ${pct(s.f1)} |`;
  for (const f of FAMILIES) reports.forEach((r, i) => lines.push(row(i === 0 ? f : '', r.name, r.report.families[f])));
  reports.forEach((r, i) => lines.push(row(i === 0 ? '**micro**' : '', r.name, r.report.micro)));
  reports.forEach((r, i) => lines.push(row(i === 0 ? '**macro**' : '', r.name, r.report.macro)));
  return lines.join('\n');
}

export function details(name: string, report: ScoreReport, limit = 25): string {
  const out: string[] = [`${name}: ${report.falsePositives.length} false positives, ${report.falseNegatives.length} false negatives, ${report.duplicates} duplicates, ${report.suppressed} suppressed`];
  if (report.outsideCorpus.length > 0) {
    out.push(`  WARNING: ${report.outsideCorpus.length} mapped results point outside the corpus (path resolution?), e.g. ${report.outsideCorpus[0].file}`);
  }
  const unmappedTotal = report.unmapped.reduce((s, u) => s + u.count, 0);
  if (unmappedTotal > 0) {
    out.push(`  unmapped (not scored): ${report.unmapped.map((u) => `${u.ruleId}${u.cwe.length ? ` [CWE ${u.cwe.join(',')}]` : ''} ×${u.count}`).join(', ')}`);
  }
  for (const fp of report.falsePositives.slice(0, limit)) out.push(`  FP ${fp.family} ${fp.file}:${fp.line} ${fp.ruleId}${fp.onTnLabel ? ' (on a tn label)' : ''}`);
  if (report.falsePositives.length > limit) out.push(`  … ${report.falsePositives.length - limit} more false positives`);
  for (const fn of report.falseNegatives.slice(0, limit)) out.push(`  FN ${fn.family} ${fn.file}:${fn.line}`);
  if (report.falseNegatives.length > limit) out.push(`  … ${report.falseNegatives.length - limit} more false negatives`);
  return out.join('\n');
}

// ---- CLI --------------------------------------------------------------------------------------
// node --import tsx bench/score.ts [--corpus DIR] [--base DIR] [--json OUT] [--markdown OUT] [--details] [NAME=]FILE.sarif …

function main(argv: string[]): number {
  let corpusDir = path.join(__dirname, 'corpus');
  let baseDir = process.cwd();
  let jsonOut: string | undefined;
  let markdownOut: string | undefined;
  let showDetails = false;
  const inputs: { name: string; file: string }[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--corpus') corpusDir = argv[++i];
    else if (a === '--base') baseDir = argv[++i];
    else if (a === '--json') jsonOut = argv[++i];
    else if (a === '--markdown') markdownOut = argv[++i];
    else if (a === '--details') showDetails = true;
    else if (a.startsWith('--')) {
      process.stderr.write(`unknown option ${a}\n`);
      return 2;
    } else {
      const eq = a.indexOf('=');
      inputs.push(eq > 0 ? { name: a.slice(0, eq), file: a.slice(eq + 1) } : { name: path.basename(a, '.sarif'), file: a });
    }
  }
  if (inputs.length === 0) {
    process.stderr.write('usage: score.ts [--corpus DIR] [--base DIR] [--json OUT] [--markdown OUT] [--details] [NAME=]FILE.sarif …\n');
    return 2;
  }
  const reports = inputs.map(({ name, file }) => ({ name, report: score(file, corpusDir, { baseDir }) }));
  process.stdout.write(`${comparisonTable(reports)}\n`);
  if (showDetails) for (const r of reports) process.stdout.write(`\n${details(r.name, r.report)}\n`);
  if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify(reports, null, 2));
  if (markdownOut) fs.writeFileSync(markdownOut, `${comparisonMarkdown(reports)}\n`);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
