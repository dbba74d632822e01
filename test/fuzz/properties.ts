// Property-based fuzzing of every parser we own. The same properties run as a seeded slice in `npm test`
// (test/fuzz/fuzz.test.ts) and at full size in `npm run fuzz` (test/fuzz/run.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { createAnalysisContext } from '../../src/core/analysis/context';
import { analyzeSource, parseSource } from '../../src/core/analysis/engine';
import { parseSuppressions } from '../../src/core/analysis/suppressions';
import { loadRulePackText } from '../../src/core/rules/loader';
import { resolveConfig } from '../../src/core/workspace/config';
import { applyEditGroups } from '../../src/core/workspace/apply-fixes';
import { InputError } from '../../src/core/types';
import { loadModelText, ModelKind, modelPatterns } from '../../src/core/trace/model';
import { extractTags } from '../../src/core/trace/tags';
import { defaultConfig } from '../../src/core/workspace/config';

const ROOT = path.join(__dirname, '..', '..');
export const TIME_LIMIT_MS = 2000;

function collectSources(dir: string, out: string[], limit: number): string[] {
  if (!fs.existsSync(dir) || out.length >= limit) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && e.name !== 'node_modules') collectSources(p, out, limit);
    else if (/\.(ts|tsx|js|jsx|mjs)$/.test(e.name) && fs.statSync(p).size < 20_000) out.push(fs.readFileSync(p, 'utf8'));
    if (out.length >= limit) break;
  }
  return out;
}

/** Seeds: the rule fixtures and the example app (realistic code with planted weaknesses). */
export const SEED_SOURCES: string[] = [
  "import { exec } from 'child_process';\nexport function run(req: any) { exec(`ls ${req.query.dir}`); }\n",
  ...collectSources(path.join(ROOT, 'test', 'fixtures', 'rules'), [], 60),
  ...collectSources(path.join(ROOT, 'examples'), [], 30),
];

const TOKENS = ['(', ')', '{', '}', '[', ']', '`', '${', "'", '"', '/*', '*/', '//', ';', ',', '=>', '=', '.', '?.', '<', '>', '</', '/>', '\n', '\r', '\r\n', '\uFEFF', '\u0000', 'await ', 'new ', 'function ', 'class ', 'req.query.x', 'eval(', 'exec(', '// sbd-ignore SBD-CMD-001: reason [until: 2020-01-01]', '@implements SR-1'];

export type Mutation = { kind: 'delete' | 'insert' | 'truncate' | 'duplicate'; at: number; len: number; token: string };

const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('delete', 'insert', 'truncate', 'duplicate'),
  at: fc.nat(),
  len: fc.integer({ min: 1, max: 40 }),
  token: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 6 })),
});

export function mutate(source: string, ops: Mutation[]): string {
  let s = source;
  for (const op of ops) {
    const at = s.length ? op.at % (s.length + 1) : 0;
    if (op.kind === 'delete') s = s.slice(0, at) + s.slice(at + op.len);
    else if (op.kind === 'insert') s = s.slice(0, at) + op.token + s.slice(at);
    else if (op.kind === 'truncate') s = s.slice(0, at);
    else s = s.slice(0, at) + s.slice(at, at + op.len) + s.slice(at);
  }
  return s;
}

export const mutatedSourceArb = fc
  .record({ seed: fc.constantFrom(...SEED_SOURCES), ops: fc.array(mutationArb, { minLength: 1, maxLength: 6 }), ext: fc.constantFrom('ts', 'tsx', 'js', 'jsx') })
  .map(({ seed, ops, ext }) => ({ text: mutate(seed, ops), relPath: `fuzz/input.${ext}` }));

/** A version of a seed source, then a later version of it (as an editor sends them), and how it is reparsed. */
export const editedSourceArb = fc
  .record({
    seed: fc.constantFrom(...SEED_SOURCES),
    first: fc.array(mutationArb, { maxLength: 3 }),
    then: fc.array(mutationArb, { minLength: 1, maxLength: 3 }),
    fullParse: fc.boolean(),
    ext: fc.constantFrom('ts', 'tsx', 'js', 'jsx'),
  })
  .map(({ seed, first, then, fullParse, ext }) => {
    const before = mutate(seed, first);
    return { before, after: mutate(before, then), fullParse, relPath: `fuzz/input.${ext}` };
  });

let ctx: ReturnType<typeof createAnalysisContext> | undefined;

function syntaxErrors(relPath: string, text: string): number {
  return (parseSource(relPath, text) as unknown as { parseDiagnostics?: unknown[] }).parseDiagnostics?.length ?? 0;
}

/** The analyser never throws, never hangs, keeps ranges inside the text, and its fixes never make a file parse worse. */
export function analyzerProperty(input: { text: string; relPath: string }): void {
  ctx ??= createAnalysisContext();
  const started = Date.now();
  const result = analyzeSource(input, ctx, { today: '2026-11-28' });
  const elapsed = Date.now() - started;
  if (elapsed > TIME_LIMIT_MS) throw new Error(`analysis took ${elapsed} ms`);
  const lines = input.text.split(/\r\n|\r|\n|\u2028|\u2029/);
  for (const f of result.findings) {
    for (const p of [f.range.start, f.range.end]) {
      if (p.line < 0 || p.line >= lines.length || p.character < 0 || p.character > lines[p.line].length) {
        throw new Error(`${f.ruleId} range ${JSON.stringify(f.range)} outside the document`);
      }
    }
  }
  const before = syntaxErrors(input.relPath, input.text);
  const fixes = result.findings.filter((f) => f.fixes.length && !f.suppression).map((f) => f.fixes[0].edits);
  if (fixes.length && before === 0) {
    const fixed = applyEditGroups(input.text, fixes).text;
    const after = syntaxErrors(input.relPath, fixed);
    if (after > before) throw new Error(`fixes introduced ${after - before} syntax error(s)`);
  }
}

/**
 * Editing mode (the language server's: the next version reparsed from the last, or parsed in full, with
 * the statements an edit cannot have changed keeping their matches) finds exactly what a fresh analysis finds.
 */
export function editingProperty(input: { before: string; after: string; fullParse: boolean; relPath: string }): void {
  ctx ??= createAnalysisContext();
  const options = { today: '2026-11-28' };
  const last = analyzeSource({ text: input.before, relPath: input.relPath }, ctx, { ...options, editing: true }).sourceFile;
  const edited = analyzeSource({ text: input.after, relPath: input.relPath }, ctx, { ...options, editing: true, ...(input.fullParse ? { lastVersion: last } : { previous: last }) });
  const fresh = analyzeSource({ text: input.after, relPath: input.relPath }, ctx, options);
  const a = JSON.stringify(edited.findings);
  const b = JSON.stringify(fresh.findings);
  if (a !== b) throw new Error(`editing mode found ${edited.findings.length} finding(s), a fresh analysis ${fresh.findings.length}: ${a.slice(0, 300)} / ${b.slice(0, 300)}`);
}

export function suppressionProperty(text: string): void {
  const sf = parseSource('s.ts', text);
  for (const s of parseSuppressions(sf)) {
    if (s.start < 0 || s.end > text.length || s.start > s.end) throw new Error('suppression outside the text');
  }
}

/** Loaders either return or throw an InputError naming file and line: nothing else escapes. */
export function loaderProperty(load: () => unknown): void {
  try {
    load();
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    for (const p of e.problems) if (!(p.line >= 1 && p.column >= 1 && p.file)) throw new Error(`problem without position: ${JSON.stringify(p)}`);
  }
}

const PACK_SEED = `rules:
  - id: TEAM-001
    title: Team rule
    family: command-injection
    severity: error
    confidence: high
    cwe: [78]
    iec81001: ["5.5.1"]
    fr: [FR3]
    message: m
    help: h
    match:
      call:
        callee: ["child_process.exec"]
        args: [{ index: 0, flow: tainted }]
models:
  sanitizers:
    - callee: ["team.validate"]
`;

export const rulePackArb = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.array(mutationArb, { minLength: 1, maxLength: 5 }).map((ops) => mutate(PACK_SEED, ops)),
  fc.jsonValue().map((v) => JSON.stringify(v)),
);

export function rulePackProperty(text: string): void {
  loaderProperty(() => loadRulePackText(text, 'security/rules/fuzz.yaml'));
}

export const configArb: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.dictionary(fc.constantFrom('include', 'exclude', 'rules', 'typeAware', 'maxFileSizeKb', 'trace', 'phiTerms', 'trace.requirementIdPattern', 'x'), fc.jsonValue()),
  fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue()),
);

export function configProperty(user: Record<string, unknown>): void {
  loaderProperty(() => resolveConfig(user, 'sbd.config.json'));
}

const MODEL_SEEDS: Record<ModelKind, string> = {
  requirements: 'requirements:\n  - id: SR-1\n    title: Authenticate clinicians\n    activities: ["5.2.1"]\n    fr: [FR1]\n    cwe: [287]\n    mitigates: [TH-1]\n    verification: test\n    status: approved\n',
  threats: 'threats:\n  - id: TH-1\n    title: Spoofed pump\n    stride: spoofing\n    accepted:\n      rationale: "isolated VLAN"\n      approver: QA lead\n      date: "2026-01-02"\n',
  soup: 'components:\n  - name: express\n    version: 5.1.0\n    assessment:\n      - { id: CVE-2024-1, exploitable: false, rationale: "not reachable", date: "2026-02-01" }\n',
  activities: 'activities:\n  - id: "5.7.4"\n    evidence: Pen test\n    owner: QA\n',
};
const patterns = modelPatterns('SR-\\d+', 'TH-\\d+');

export const modelArb = fc.record({
  kind: fc.constantFrom<ModelKind>('requirements', 'threats', 'soup', 'activities'),
  ops: fc.array(mutationArb, { minLength: 1, maxLength: 6 }),
  raw: fc.option(fc.string({ maxLength: 200 }), { nil: undefined }),
});

/** The YAML model loader never throws; every problem it reports has a place in the file. */
export function modelProperty(input: { kind: ModelKind; ops: Mutation[]; raw?: string }): void {
  const text = input.raw ?? mutate(MODEL_SEEDS[input.kind], input.ops);
  const model = loadModelText(input.kind, `security/${input.kind}.yaml`, text, patterns);
  for (const g of model.problems) if (!(g.line >= 1 && g.column >= 1)) throw new Error(`problem without position: ${JSON.stringify(g)}`);
}

const tagConfig = defaultConfig();

/** Tag extraction never throws and keeps every id range inside the text. */
export function tagProperty(input: { text: string; relPath: string }): void {
  const lines = input.text.split(/\r\n|\r|\n|\u2028|\u2029/);
  for (const t of extractTags(input.relPath, input.text, tagConfig)) {
    const { start, end } = t.range;
    if (start.line >= lines.length || end.line >= lines.length || end.character > lines[end.line].length) throw new Error(`tag ${t.id} outside the text`);
  }
}
