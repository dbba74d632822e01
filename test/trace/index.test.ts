import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { buildTraceIndex, TraceIndex } from '../../src/core/trace/index';
import { Finding, InputError, Range } from '../../src/core/types';
import { config, gapList, indexOf, tempWorkspace } from './helpers';

const REQS = 'requirements:\n  - id: SR-1\n    title: One\n    activities: ["5.2.1"]\n    verification: analysis\n  - id: SR-2\n    title: Two\n    activities: ["5.2.1"]\n    verification: analysis\n';

function finding(file: string, line: number, suppressed = false): Finding {
  const range: Range = { start: { line, character: 2 }, end: { line, character: 10 } };
  return {
    ruleId: 'SBD-TEST-001',
    title: 't',
    family: 'test',
    severity: 'error',
    confidence: 'high',
    message: 'm',
    file,
    range,
    cwe: [78],
    iec81001: ['5.5.1'],
    fr: ['FR3'],
    fixes: [],
    fingerprint: `fp-${file}-${line}`,
    ...(suppressed ? { suppression: { justification: 'ok', line: line - 1 } } : {}),
  };
}

test('updating one source file changes its tags and the gaps; removing it takes them away', () => {
  const index = indexOf({ 'security/requirements.yaml': REQS, 'src/a.ts': '/** @implements SR-1 */\nexport function a() {}\n' });
  assert.deepEqual(gapList(index.gaps()), ['unimplemented SR-2 security/requirements.yaml:6']);
  const tags = index.updateSourceFile('src/b.ts', '/** @implements SR-2 */\nexport function b() {}\n');
  assert.deepEqual(tags.map((t) => t.id), ['SR-2']);
  assert.deepEqual(gapList(index.gaps()), []);
  index.updateSourceFile('src/b.ts', '/** @implements SR-3 */\nexport function b() {}\n');
  assert.deepEqual(gapList(index.gaps()), ['unimplemented SR-2 security/requirements.yaml:6', 'unknown-id SR-3 src/b.ts:1']);
  index.updateSourceFile('src/b.ts', '\n\n/** @implements SR-3 */\nexport function b() {}\n');
  assert.deepEqual(gapList(index.gaps()), ['unimplemented SR-2 security/requirements.yaml:6', 'unknown-id SR-3 src/b.ts:3'], 'positions follow the edit');
  index.removeSourceFile('src/b.ts');
  assert.deepEqual(gapList(index.gaps()), ['unimplemented SR-2 security/requirements.yaml:6']);
  assert.deepEqual(index.taggedFiles(), ['src/a.ts']);
});

test('updating a model file re-derives the graph; removing it drops the model', () => {
  const index = indexOf({ 'security/requirements.yaml': REQS, 'src/a.ts': '/** @implements SR-1 */\nexport function a() {}\n/** @implements SR-2 */\nexport function b() {}\n' });
  assert.deepEqual(gapList(index.gaps()), []);
  assert.equal(index.updateModelFile('security/requirements.yaml', REQS.replace('SR-2', 'SR-20')), true);
  assert.deepEqual(gapList(index.gaps()), ['unimplemented SR-20 security/requirements.yaml:6', 'unknown-id SR-2 src/a.ts:3']);
  index.removeModelFile('security/requirements.yaml');
  assert.deepEqual(gapList(index.gaps()), ['unknown-id SR-1 src/a.ts:1', 'unknown-id SR-2 src/a.ts:3']);
  assert.equal(index.updateModelFile('README.md', '# x'), false);
  assert.equal(index.modelRole('./security/threats.yaml'), 'threats');
  assert.equal(index.modelRole('packages/x/package.json'), 'manifest');
  assert.equal(index.modelRole('node_modules/x/package.json'), undefined);
  assert.equal(index.modelRole('.github/SECURITY.md'), 'policy');
});

test('model paths come from the settings', () => {
  const index = indexOf({ 'docs/reqs.yml': REQS, 'src/a.ts': '// @implements SR-1\nf();\n' }, config({ requirements: 'docs/reqs.yml' }));
  assert.deepEqual(gapList(index.gaps()), ['unimplemented SR-2 docs/reqs.yml:6']);
});

test('findings inside @implements scopes attach to the requirement (suppressed ones flagged)', () => {
  const src = '/** @implements SR-1 */\nexport function a() {\n  run();\n}\n\nexport function b() {\n  run();\n}\n// @implements SR-2\nconst c = run();\n';
  const index = indexOf({ 'security/requirements.yaml': REQS, 'src/a.ts': src });
  index.setFindings('src/a.ts', [finding('src/a.ts', 2), finding('src/a.ts', 6), finding('src/a.ts', 9, true)]);
  const g = index.graph();
  const r1 = g.requirements.find((r) => r.id === 'SR-1')!;
  const r2 = g.requirements.find((r) => r.id === 'SR-2')!;
  assert.deepEqual(r1.findings.map((f) => [f.line, f.suppressed]), [[3, false]]);
  assert.equal(r1.openFindings, 1);
  assert.deepEqual(r2.findings.map((f) => [f.line, f.suppressed]), [[10, true]]);
  assert.equal(r2.openFindings, 0);
  assert.equal(g.activities.find((a) => a.id === '5.8.1')!.status, 'partial');
  index.setFindings('src/a.ts', []);
  assert.deepEqual(index.graph().requirements.map((r) => r.findings.length), [0, 0]);
  assert.equal(index.graph().activities.find((a) => a.id === '5.8.1')!.status, 'covered');
});

test('a file-level tag attaches every finding of the file', () => {
  const index = indexOf({ 'security/requirements.yaml': REQS, 'src/a.ts': '// Module header.\n// @implements SR-1\n\nexport const a = 1;\nexport const b = 2;\n' });
  index.setFindings('src/a.ts', [finding('src/a.ts', 3), finding('src/a.ts', 4)]);
  assert.equal(index.graph().requirements[0].findings.length, 2);
});

test('activity coverage: automatic evidence, manual records, missing', () => {
  const index = indexOf({
    'security/requirements.yaml': REQS,
    'security/activities.yaml': 'activities:\n  - id: "5.7.4"\n    evidence: pentest\n    document: docs/pt.pdf\n',
    'SECURITY.md': '# Reporting vulnerabilities\n',
    'src/a.ts': '// @implements SR-1, SR-2\nf();\n',
  });
  const status = Object.fromEntries(index.graph().activities.map((a) => [a.id, a.status]));
  assert.equal(status['5.2.1'], 'covered');
  assert.equal(status['5.7.4'], 'manual');
  assert.equal(status['4.1.7'], 'covered');
  assert.equal(status['9.2'], 'covered');
  assert.equal(status['4.2'], 'missing');
  assert.equal(status['5.1.3'], 'missing', 'no scan results yet');
  index.setFindings('src/a.ts', []);
  assert.equal(Object.fromEntries(index.graph().activities.map((a) => [a.id, a.status]))['5.1.3'], 'covered');
  assert.deepEqual(index.graph().activities.find((a) => a.id === '5.2.1')!.requirements, ['SR-1', 'SR-2']);
});

test('the graph is cached until something changes', () => {
  const index = indexOf({ 'security/requirements.yaml': REQS });
  const g1 = index.graph();
  assert.equal(index.graph(), g1);
  index.updateSourceFile('src/none.ts', 'const x = 1;\n');
  assert.equal(index.graph(), g1, 'a file without tags before or after changes nothing');
  index.updateSourceFile('src/a.ts', '// @implements SR-1\nf();\n');
  assert.notEqual(index.graph(), g1);
});

test('a 2,000-file workspace re-indexes one changed file in milliseconds', () => {
  let reqs = 'requirements:\n';
  for (let i = 1; i <= 500; i++) reqs += `  - id: SR-${i}\n    title: R${i}\n    activities: ["5.2.1"]\n    verification: analysis\n`;
  const index = new TraceIndex(config());
  index.updateModelFile('security/requirements.yaml', reqs);
  const body = (i: number, id: number) => `import { x } from './x';\n\n/**\n * Handler ${i}.\n * @implements SR-${id}\n */\nexport function f${i}(a: string) {\n  return x(a);\n}\n${'export const pad = 1;\n'.repeat(40)}`;
  for (let i = 0; i < 2000; i++) index.updateSourceFile(`src/m${i}.ts`, body(i, (i % 500) + 1));
  assert.deepEqual(index.gaps(), []);
  const times: number[] = [];
  for (let k = 0; k < 5; k++) {
    const start = performance.now();
    index.updateSourceFile('src/m7.ts', body(7, k % 2 ? 8 : 9999));
    index.gaps();
    times.push(performance.now() - start);
  }
  assert.deepEqual(gapList(index.gaps()), ['unknown-id SR-9999 src/m7.ts:5']);
  const best = Math.min(...times);
  assert.ok(best < 50, `update + gaps took ${times.map((t) => t.toFixed(1)).join(', ')} ms`);
});

test('buildTraceIndex reads sources (honouring .gitignore and excludes), model files, package files and the policy', () => {
  const root = tempWorkspace({
    '.gitignore': 'generated/\n',
    'security/requirements.yaml': REQS,
    'src/a.ts': '// @implements SR-1\nf();\n',
    'generated/b.ts': '// @implements SR-2\nf();\n',
    'node_modules/pkg/index.js': '// @implements SR-2\nf();\n',
    'dist/c.js': '// @implements SR-2\nf();\n',
    '.github/SECURITY.md': 'Report to security@example.org\n',
    'package.json': '{ "dependencies": {} }',
  });
  const index = buildTraceIndex(root, config());
  assert.deepEqual(gapList(index.gaps()), ['unimplemented SR-2 security/requirements.yaml:6']);
  assert.equal(index.graph().activities.find((a) => a.id === '4.1.7')!.detail, '.github/SECURITY.md');
});

// An unreadable model file takes the same path (this suite runs as root, which reads everything).
test('buildTraceIndex: a folder where a model file should be is an input error, a missing file is not', () => {
  const root = tempWorkspace({ 'security/threats.yaml/x': '' });
  assert.throws(() => buildTraceIndex(root, config()), (e: unknown) => e instanceof InputError && /security\/threats.yaml/.test(e.message));
  assert.deepEqual(gapList(buildTraceIndex(tempWorkspace({ 'src/a.ts': 'f();\n' }), config()).gaps()), []);
});

test('findings change no gap: the language server publishes gaps only when the model, tags or package files change', () => {
  // The example workspace has every kind of gap; findings inside and outside @implements scopes, open and
  // suppressed, change the requirement nodes and activity statuses, never the gaps.
  const root = path.join(__dirname, '..', '..', 'examples', 'infusion-gateway');
  const index = buildTraceIndex(root, config());
  const before = JSON.stringify(index.gaps());
  assert.ok(index.gaps().length > 3, `${index.gaps().length} gaps in the example`);
  const tagged = [...new Set(index.gaps().map((g) => g.file))];
  for (const [i, file] of ['src/server.ts', 'src/routes/patients.ts', ...tagged].entries()) {
    index.setFindings(file, [finding(file, 3 + i), finding(file, 10, true), finding(file, 40)]);
  }
  assert.equal(JSON.stringify(index.gaps()), before);
  // … while the graph the panel shows does change with them.
  assert.notDeepEqual(index.graph().activities, buildTraceIndex(root, config()).graph().activities);
});
