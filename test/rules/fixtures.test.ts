// Runs every rule fixture under test/fixtures/rules (format: test/fixtures/rules/README.md), one subtest
// per file. Set SBD_UPDATE_FIXTURES=1 to rewrite existing `.fixed` files from the engine's fixes, and
// SBD_FIXTURES_DIR=test/fixtures/rules/_pending to run the fixtures parked for engine bugs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeSource } from '../../src/core/analysis/engine';
import { createAnalysisContext } from '../../src/core/analysis/context';
import { Finding } from '../../src/core/types';
import { applyFirstFixes, Fixture, FIXTURE_TODAY, FIXTURES_ROOT, firstDifference, listFixtureFiles, loadFixture, Marker, REPO_ROOT, strayFiles, strictFamilies } from './fixture-format';

const ctx = createAnalysisContext();
const familyOf = new Map(ctx.rules.map((r) => [r.spec.id, r.spec.family]));
const families = new Set(familyOf.values());
const update = process.env.SBD_UPDATE_FIXTURES === '1';
const root = process.env.SBD_FIXTURES_DIR ? path.resolve(REPO_ROOT, process.env.SBD_FIXTURES_DIR) : FIXTURES_ROOT;

function snippet(fx: { lines: string[] }, line: number): string {
  const text = (fx.lines[line] ?? '').trim();
  return text.length > 100 ? `${text.slice(0, 97)}...` : text;
}

function describeFinding(f: Finding): string {
  return `${f.ruleId} (confidence ${f.confidence}${f.suppression ? ', suppressed' : ''})`;
}

/** Compares the findings starting on one line for one rule with the `expect` markers there. */
function compareCell(fx: Fixture, line: number, ruleId: string, expected: Marker[], actual: Finding[], okMarked: boolean, out: string[]): void {
  const where = `${fx.rel}:${line + 1}`;
  const remaining = [...actual];
  const unmatched: Marker[] = [];
  // Markers with the most constraints claim their finding first.
  const ordered = [...expected].sort((a, b) => Number(b.confidence !== undefined) - Number(a.confidence !== undefined));
  for (const m of ordered) {
    const i = remaining.findIndex((f) => !!f.suppression === m.suppressed && (m.confidence === undefined || f.confidence === m.confidence));
    if (i >= 0) remaining.splice(i, 1);
    else unmatched.push(m);
  }
  for (const m of unmatched) {
    const want = `${ruleId}${m.confidence ? ` confidence=${m.confidence}` : ''}${m.suppressed ? ' suppressed' : ''}`;
    const got = actual.length ? `got ${actual.map(describeFinding).join(', ')}` : 'got no finding of that rule';
    out.push(`${where}: expected ${want}, ${got}\n    | ${snippet(fx, line)}`);
  }
  if (unmatched.length) return; // one message per line and rule is enough
  for (const f of remaining) {
    const why = okMarked ? 'reported on a line marked ok' : 'unexpected finding (add an expect marker if it is right)';
    out.push(`${where}: ${describeFinding(f)} ${why}: ${f.message}\n    | ${snippet(fx, line)}`);
  }
}

function compareFindings(fx: Fixture, findings: readonly Finding[], out: string[]): void {
  const strict = strictFamilies(fx, familyOf);
  const key = (line: number, ruleId: string) => `${line}\u0000${ruleId}`;
  const cells = new Map<string, { line: number; ruleId: string; expected: Marker[]; actual: Finding[]; ok: boolean }>();
  const cell = (line: number, ruleId: string) => {
    const k = key(line, ruleId);
    let c = cells.get(k);
    if (!c) cells.set(k, (c = { line, ruleId, expected: [], actual: [], ok: false }));
    return c;
  };
  for (const m of fx.markers) {
    if (m.kind === 'expect') cell(m.line, m.ruleId).expected.push(m);
    else cell(m.line, m.ruleId).ok = true;
  }
  for (const f of findings) if (strict.has(f.family)) cell(f.range.start.line, f.ruleId).actual.push(f);
  for (const c of [...cells.values()].sort((a, b) => a.line - b.line || a.ruleId.localeCompare(b.ruleId))) {
    compareCell(fx, c.line, c.ruleId, c.expected, c.actual, c.ok, out);
  }
}

function checkFixed(fx: Fixture, findings: readonly Finding[], out: string[]): void {
  const fixedFile = fx.fixedFile!;
  const fixedRel = fx.rel.replace(/(\.[a-z]+)$/, '.fixed$1');
  const fixed = applyFirstFixes(fx.text, findings, strictFamilies(fx, familyOf));
  if (fixed.applied.length === 0) out.push(`${fixedRel}: no finding in ${fx.rel} has a fix, so the .fixed file tests nothing`);
  for (const f of fixed.dropped) out.push(`${fx.rel}:${f.range.start.line + 1}: the fix of ${f.ruleId} overlaps another fix and was not applied`);
  if (update) {
    fs.writeFileSync(fixedFile, fixed.text);
    return;
  }
  const expectedText = fs.readFileSync(fixedFile, 'utf8');
  if (expectedText !== fixed.text) {
    out.push(`${fixedRel}: applying the first fix of every finding in ${fx.rel} gives a different text, first difference at ${firstDifference(expectedText, fixed.text)}`);
    return;
  }
  const after = analyzeSource({ relPath: fixedRel, text: fixed.text }, ctx, { today: FIXTURE_TODAY }).findings;
  const lines = fixed.text.split('\n');
  for (const [ruleId, touched] of fixed.touchedLines) {
    for (const f of after) {
      if (f.ruleId === ruleId && touched.has(f.range.start.line)) {
        out.push(`${fixedRel}:${f.range.start.line + 1}: ${ruleId} is still reported after its own fix\n    | ${lines[f.range.start.line].trim()}`);
      }
    }
  }
  // A fix must not create findings: per rule, what remains is at most what was there minus what was fixed.
  const count = (list: readonly Finding[], ruleId: string) => list.filter((f) => f.ruleId === ruleId).length;
  for (const ruleId of new Set(after.map((f) => f.ruleId))) {
    const allowed = count(findings, ruleId) - count(fixed.applied, ruleId);
    const actual = count(after, ruleId);
    if (actual > allowed) out.push(`${fixedRel}: ${actual} finding(s) of ${ruleId} after fixing, at most ${allowed} expected (a fix introduced a finding)`);
  }
}

const files = listFixtureFiles(root);

test('the fixture tree holds fixtures', () => {
  assert.ok(files.length > 0, 'no fixture files found under test/fixtures/rules');
  assert.deepEqual(strayFiles(root), [], 'files in test/fixtures/rules that the runner would ignore (or .fixed files without an original)');
});

for (const file of files) {
  const fx = loadFixture(file, root);
  test(fx.rel, () => {
    const problems = [...fx.problems];
    if (!families.has(fx.family)) problems.push(`${fx.rel}: folder "${fx.family}" is not a rule family (families: ${[...families].sort().join(', ')})`);
    if (fx.markers.length === 0) problems.push(`${fx.rel}: no expect/ok markers`);
    for (const m of fx.markers) {
      if (!ctx.knownRuleIds.has(m.ruleId)) problems.push(`${fx.rel}:${m.line + 1}: marker names unknown rule ${m.ruleId}`);
    }
    const familyRules = new Set(ctx.rules.filter((r) => r.spec.family === fx.family).map((r) => r.spec.id));
    if (fx.markers.length > 0 && !fx.markers.some((m) => familyRules.has(m.ruleId))) {
      problems.push(`${fx.rel}: no marker names a rule of family ${fx.family}`);
    }

    const result = analyzeSource({ relPath: fx.rel, text: fx.text }, ctx, { today: FIXTURE_TODAY });
    const wantsSyntaxErrors = fx.directives.has('syntax-errors');
    if (wantsSyntaxErrors && result.syntaxErrors === 0) problems.push(`${fx.rel}: declares "fixture: syntax-errors" but parses cleanly`);
    if (!wantsSyntaxErrors && result.syntaxErrors > 0) {
      problems.push(`${fx.rel}: ${result.syntaxErrors} syntax error(s); fix the fixture or declare "// fixture: syntax-errors"`);
    }

    compareFindings(fx, result.findings, problems);
    if (fx.fixedFile) checkFixed(fx, result.findings, problems);
    if (problems.length) assert.fail(`${problems.length} problem(s) in ${fx.rel}:\n  ${problems.join('\n  ')}`);
  });
}
