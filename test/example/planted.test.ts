import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createAnalysisContext } from '../../src/core/analysis/context';
import { loadConfig } from '../../src/core/workspace/config';
import { scanWorkspace } from '../../src/core/workspace/scan';

const ROOT = path.join(__dirname, '..', '..', 'examples', 'infusion-gateway');

/** Rows of PLANTED.md's findings table that expect a finding: `file:line rule (open|suppressed)`. */
function expectedFindings(): string[] {
  const text = fs.readFileSync(path.join(ROOT, 'PLANTED.md'), 'utf8');
  const rows: string[] = [];
  for (const m of text.matchAll(/^\| [a-z-]+ \| (SBD-[A-Z]+-\d+) \| ([^ |:]+):(\d+)[^|]*\|[^|]*\| (flagged|suppressed|flagged \(invalid suppression\)) \|/gm)) {
    rows.push(`${m[2]}:${m[3]} ${m[1]} ${m[4] === 'suppressed' ? 'suppressed' : 'open'}`);
  }
  return rows.sort();
}

test('the demo scan of the example shows exactly the weaknesses PLANTED.md lists', () => {
  const expected = expectedFindings();
  assert.ok(expected.length >= 30, 'the answer key was read');
  for (const typeAware of [false, true]) {
    const config = { ...loadConfig(ROOT), typeAware };
    const result = scanWorkspace(ROOT, createAnalysisContext(config, { root: ROOT }), { today: '2026-11-28' });
    const actual = result.findings.map((f) => `${f.file}:${f.range.start.line + 1} ${f.ruleId} ${f.suppression ? 'suppressed' : 'open'}`).sort();
    assert.deepEqual(actual, expected, typeAware ? 'type-aware mode' : 'default mode');
    assert.deepEqual(result.skipped, []);
    assert.deepEqual(result.syntaxErrors, []);
  }
});

test('every planted weakness with a safe rewrite offers a fix', () => {
  const result = scanWorkspace(ROOT, createAnalysisContext(loadConfig(ROOT), { root: ROOT }), { today: '2026-11-28' });
  const withFix = new Set(result.findings.filter((f) => f.fixes.length).map((f) => f.ruleId));
  for (const id of ['SBD-CMD-001', 'SBD-CRYPTO-001', 'SBD-TLS-001', 'SBD-CLEAR-001', 'SBD-XSS-001', 'SBD-RAND-001']) assert.ok(withFix.has(id), id);
});
