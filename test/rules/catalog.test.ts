// Meta-tests over the built-in rule catalog: every rule documents itself, cites clauses that exist, has
// positive and negative fixtures (and a .fixed fixture when it has a fix); the pack loader rejects
// malformed packs with the file and line of the problem.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { analyzeSource } from '../../src/core/analysis/engine';
import { createAnalysisContext } from '../../src/core/analysis/context';
import { builtinPackFiles, loadRulePackFile, loadRulePackText } from '../../src/core/rules/loader';
import { RuleSpec } from '../../src/core/rules/model';
import { InputError } from '../../src/core/types';
import { applyFirstFixes, FIXTURE_TODAY, listFixtureFiles, loadFixture, REPO_ROOT, strictFamilies } from './fixture-format';

/** Rules about our own suppression comments check the evidence trail, not product code: no CWE applies. */
const NO_CWE_FAMILIES = new Set(['suppression']);

const packs = builtinPackFiles().map((f) => loadRulePackFile(f, `rules/${path.basename(f)}`));
const rules: { spec: RuleSpec; file: string }[] = packs.flatMap((p) => p.rules.map((spec) => ({ spec, file: p.file })));
const fixtures = listFixtureFiles().map((f) => loadFixture(f));

test('the built-in packs hold rules', () => {
  assert.ok(rules.length > 0, `no rules loaded from ${builtinPackFiles().join(', ')}`);
});

test('rule ids are unique across the built-in packs', () => {
  const seen = new Map<string, string>();
  const duplicates: string[] = [];
  for (const { spec, file } of rules) {
    const first = seen.get(spec.id);
    if (first) duplicates.push(`${spec.id} in ${first} and ${file}`);
    else seen.set(spec.id, file);
  }
  assert.deepEqual(duplicates, []);
});

test('every rule has a title, message, help, CWE, IEC 81001-5-1 clause and IEC 62443 FR', () => {
  const problems: string[] = [];
  for (const { spec, file } of rules) {
    const where = `${file} ${spec.id}`;
    if (!spec.title?.trim()) problems.push(`${where}: no title`);
    if (!spec.message?.trim()) problems.push(`${where}: no message`);
    if (!spec.help?.trim()) problems.push(`${where}: no help`);
    if (!spec.iec81001?.length) problems.push(`${where}: no IEC 81001-5-1 clause`);
    if (!spec.fr?.length) problems.push(`${where}: no IEC 62443-4-2 foundational requirement (FR)`);
    if (NO_CWE_FAMILIES.has(spec.family)) continue;
    if (!spec.cwe?.length) {
      problems.push(`${where}: no CWE`);
    } else if (!spec.cwe.some((n) => spec.help.includes(`cwe.mitre.org/data/definitions/${n}.html`))) {
      problems.push(`${where}: help links none of its CWEs (${spec.cwe.join(', ')}) at cwe.mitre.org`);
    }
  }
  assert.deepEqual(problems, []);
});

test('every IEC 81001-5-1 clause a rule cites is in rules/iec81001-5-1.yaml', () => {
  const catalogFile = path.join(REPO_ROOT, 'rules', 'iec81001-5-1.yaml');
  assert.ok(fs.existsSync(catalogFile), 'rules/iec81001-5-1.yaml (the activity catalog) is missing');
  const catalog = parse(fs.readFileSync(catalogFile, 'utf8')) as { activities?: { id?: unknown }[] } | null;
  const activities = catalog?.activities;
  assert.ok(Array.isArray(activities) && activities.length > 0, 'rules/iec81001-5-1.yaml has no top-level activities: list');
  const ids = new Set(activities.map((a) => String(a.id)));
  const unknown: string[] = [];
  for (const { spec, file } of rules) {
    for (const clause of spec.iec81001 ?? []) if (!ids.has(clause)) unknown.push(`${file} ${spec.id}: clause ${clause}`);
  }
  assert.deepEqual(unknown, [], 'clauses cited by rules but missing from the activity catalog');
});

test('every rule has an expect and an ok marker in the fixtures', () => {
  const expects = new Map<string, number>();
  const oks = new Map<string, number>();
  for (const fx of fixtures) {
    for (const m of fx.markers) {
      const counts = m.kind === 'expect' ? expects : oks;
      counts.set(m.ruleId, (counts.get(m.ruleId) ?? 0) + 1);
    }
  }
  const missing: string[] = [];
  for (const { spec } of rules) {
    if (!expects.get(spec.id)) missing.push(`${spec.id}: no "expect" marker (code that must be reported)`);
    if (!oks.get(spec.id)) missing.push(`${spec.id}: no "ok" marker (look-alike code that must not be reported)`);
  }
  assert.deepEqual(missing, []);
});

test('every rule family has its own fixture folder', () => {
  const folders = new Set(fixtures.map((fx) => fx.family));
  const missing = [...new Set(rules.map((r) => r.spec.family))].filter((f) => !folders.has(f)).sort();
  assert.deepEqual(missing, [], 'families without a folder under test/fixtures/rules');
});

test('every rule with a fix is exercised by a .fixed fixture', () => {
  const ctx = createAnalysisContext();
  const familyOf = new Map(ctx.rules.map((r) => [r.spec.id, r.spec.family]));
  const exercised = new Set<string>();
  for (const fx of fixtures) {
    if (!fx.fixedFile) continue;
    const { findings } = analyzeSource({ relPath: fx.rel, text: fx.text }, ctx, { today: FIXTURE_TODAY });
    for (const f of applyFirstFixes(fx.text, findings, strictFamilies(fx, familyOf)).applied) exercised.add(f.ruleId);
  }
  const missing = rules.filter((r) => r.spec.fix && !exercised.has(r.spec.id)).map((r) => `${r.spec.id} (${r.spec.fix!.kind})`);
  assert.deepEqual(missing, [], 'rules with a fix that no X.ts + X.fixed.ts fixture applies');
});

// ---- The loader rejects malformed packs, naming file and line ----

const PACK_FILE = 'security/rules/team.yaml';

/** A valid one-rule pack; `{{extra}}` lines are inserted as keys of the rule, `{{match}}` replaces its matcher. */
function pack(options: { extra?: string[]; replace?: Record<string, string>; match?: string[]; models?: string[] } = {}): string {
  const fields: Record<string, string> = {
    id: 'SBD-TEAM-001',
    title: 'Pump command from a team-specific API',
    family: 'team',
    severity: 'warning',
    confidence: 'high',
    cwe: '[78]',
    iec81001: '["5.5.1"]',
    fr: '[FR3]',
    message: 'A pump command is built from request data.',
    help: 'Use the typed command API.',
    ...options.replace,
  };
  const lines = ['rules:'];
  Object.entries(fields).forEach(([k, v], i) => lines.push(`${i === 0 ? '  - ' : '    '}${k}: ${v}`));
  for (const e of options.extra ?? []) lines.push(`    ${e}`);
  lines.push('    match:');
  for (const m of options.match ?? ['call:', '  callee: ["pumpctl.send"]', '  args: [{ index: 0, flow: tainted }]']) lines.push(`      ${m}`);
  if (options.models) lines.push('models:', ...options.models.map((m) => `  ${m}`));
  return `${lines.join('\n')}\n`;
}

/** 1-based line of the first line of `text` that contains `needle`. */
function lineOf(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, `test setup: "${needle}" not in the pack text`);
  return i + 1;
}

function rejection(text: string): InputError {
  try {
    loadRulePackText(text, PACK_FILE);
  } catch (e) {
    assert.ok(e instanceof InputError, `expected an InputError, got ${String(e)}`);
    return e;
  }
  assert.fail(`the loader accepted a malformed pack:\n${text}`);
}

test('the loader accepts the well-formed pack the rejection cases start from', () => {
  const loaded = loadRulePackText(pack(), PACK_FILE);
  assert.deepEqual(
    loaded.rules.map((r) => r.id),
    ['SBD-TEAM-001'],
  );
});

const malformed: { name: string; text: string; line: (text: string) => number; message: RegExp }[] = [
  {
    name: 'bad YAML (unterminated quoted string)',
    text: pack({ replace: { message: '"A pump command is built from request data.' } }),
    line: (t) => lineOf(t, 'message:'),
    message: /YAML.*quote/,
  },
  {
    name: 'bad YAML (tab indentation)',
    text: pack().replace('    fr: [FR3]', '\tfr: [FR3]'),
    line: (t) => lineOf(t, 'fr: [FR3]'),
    message: /YAML.*[Tt]ab/,
  },
  {
    name: 'bad YAML (duplicate key)',
    text: pack({ extra: ['severity: error'] }),
    line: (t) => lineOf(t, 'severity: error'),
    message: /YAML.*unique|YAML.*duplicate/i,
  },
  {
    name: 'unknown key in a rule',
    text: pack({ extra: ['severty: error'] }),
    line: (t) => lineOf(t, 'severty'),
    message: /unknown key "severty"/,
  },
  {
    name: 'unknown key in a matcher',
    text: pack({ match: ['call:', '  callee: ["pumpctl.send"]', '  argz: [{ index: 0, flow: tainted }]'] }),
    line: (t) => lineOf(t, 'argz'),
    message: /unknown key "argz"/,
  },
  {
    name: 'unknown key in the models',
    text: pack({ models: ['sourcez: []'] }),
    line: (t) => lineOf(t, 'sourcez'),
    message: /unknown key "sourcez"/,
  },
  {
    name: 'wrong type (cwe as a string)',
    text: pack({ replace: { cwe: '"78"' } }),
    line: (t) => lineOf(t, 'cwe:'),
    message: /cwe must be array/,
  },
  {
    name: 'wrong type (callee as a string)',
    text: pack({ match: ['call:', '  callee: pumpctl.send', '  args: [{ index: 0, flow: tainted }]'] }),
    line: (t) => lineOf(t, 'callee:'),
    message: /callee must be array/,
  },
  {
    name: 'value outside an enum (severity)',
    text: pack({ replace: { severity: 'fatal' } }),
    line: (t) => lineOf(t, 'severity:'),
    message: /severity must be one of "error", "warning", "info"/,
  },
  {
    name: 'invalid regular expression',
    text: pack({ match: ['string:', '  pattern: "pump-([0-9]+"'] }),
    line: (t) => lineOf(t, 'pattern:'),
    message: /invalid regular expression/,
  },
  {
    name: 'invalid regular expression in the models',
    text: pack({ models: ['phi:', '  names: "patient|[mrn"'] }),
    line: (t) => lineOf(t, 'names:'),
    message: /invalid regular expression/,
  },
  {
    name: 'nested-quantifier regular expression (ReDoS)',
    text: pack({ match: ['string:', '  pattern: "^([a-z0-9]+)+$"'] }),
    line: (t) => lineOf(t, 'pattern:'),
    message: /nested quantifier/,
  },
  {
    name: 'nested-quantifier regular expression in a credential matcher',
    text: pack({ match: ['credential:', '  names: "(pass\\\\w*)*word"'] }),
    line: (t) => lineOf(t, 'names:'),
    message: /nested quantifier/,
  },
];

for (const c of malformed) {
  test(`the loader rejects a pack with ${c.name}, naming file and line`, () => {
    const err = rejection(c.text);
    const expectedLine = c.line(c.text);
    assert.ok(err.problems.length > 0, 'InputError without problems');
    for (const p of err.problems) assert.equal(p.file, PACK_FILE, `problem names the wrong file: ${p.file}:${p.line}: ${p.message}`);
    const hit = err.problems.find((p) => p.line === expectedLine && c.message.test(p.message));
    assert.ok(
      hit,
      `expected a problem at ${PACK_FILE}:${expectedLine} matching ${c.message}, got:\n  ${err.problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`).join('\n  ')}`,
    );
    assert.match(err.message, new RegExp(`${PACK_FILE.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:${expectedLine}:`));
  });
}
