// A project's own validation helper, declared as a sanitiser in a workspace rule pack, removes the false
// positive it causes — the benchmark corpus case (bench/corpus/security/rules/project-sanitizers.yaml).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeSource } from '../../src/core/analysis/engine';
import { createAnalysisContext } from '../../src/core/analysis/context';
import { loadRulePackText } from '../../src/core/rules/loader';
import { defaultConfig } from '../../src/core/workspace/config';
import { parseLabels } from '../../bench/labels';

const corpus = path.resolve(__dirname, '..', '..', 'bench', 'corpus');
const rel = 'express-ehr/src/routes/attachments.ts';
const text = fs.readFileSync(path.join(corpus, rel), 'utf8');
const labels = parseLabels(rel, text).filter((l) => l.family === 'path-traversal');

function pathFindingLines(options: Parameters<typeof createAnalysisContext>[1]): number[] {
  const { findings } = analyzeSource({ relPath: rel, text }, createAnalysisContext(defaultConfig(), options));
  return findings.filter((f) => f.family === 'path-traversal').map((f) => f.range.start.line + 1);
}

test('the corpus case has one guarded read (tn) and one unguarded read (tp)', () => {
  assert.deepEqual(labels.map((l) => l.kind), ['tn', 'tp']);
});

test('without the workspace pack the helper is opaque: the guarded read is a false positive', () => {
  assert.deepEqual(pathFindingLines({}), labels.map((l) => l.line));
});

test("with the corpus's workspace pack the false positive is gone and the true positive stays", () => {
  const tp = labels.filter((l) => l.kind === 'tp').map((l) => l.line);
  assert.deepEqual(pathFindingLines({ root: corpus }), tp);
  // An untrusted workspace does not load the pack.
  assert.deepEqual(pathFindingLines({ root: corpus, trusted: false }), labels.map((l) => l.line));
});

test('a sanitiser for another family leaves the path finding alone', () => {
  const pack = loadRulePackText('models:\n  sanitizers:\n    - callee: ["assertSafeFileName"]\n      families: [sql-injection]\n', 'security/rules/team.yaml');
  assert.deepEqual(pathFindingLines({ extraPacks: [pack] }), labels.map((l) => l.line));
});

test('the helper can also be named as a member of its module object (`**.assertSafeFileName`)', () => {
  const member = text.replace("import { assertSafeFileName } from '../lib/file-names';", "import * as names from '../lib/file-names';").replace('= assertSafeFileName(', '= names.assertSafeFileName(');
  assert.notEqual(member, text);
  const pack = loadRulePackText('models:\n  sanitizers:\n    - callee: ["**.assertSafeFileName"]\n      families: [path-traversal]\n', 'security/rules/team.yaml');
  const { findings } = analyzeSource({ relPath: rel, text: member }, createAnalysisContext(defaultConfig(), { extraPacks: [pack] }));
  assert.deepEqual(findings.filter((f) => f.family === 'path-traversal').map((f) => f.range.start.line + 1), labels.filter((l) => l.kind === 'tp').map((l) => l.line));
});
