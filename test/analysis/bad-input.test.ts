import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createAnalysisContext } from '../../src/core/analysis/context';
import { analyzeSource } from '../../src/core/analysis/engine';
import { defaultConfig } from '../../src/core/workspace/config';
import { scanWorkspace } from '../../src/core/workspace/scan';
import { workspace } from '../cli/helpers';

const ctx = createAnalysisContext();
const SINK = "import { exec } from 'child_process';\nexec(process.argv[2]);\n";

function rules(text: string, relPath = 'a.ts'): string[] {
  return analyzeSource({ relPath, text }, ctx).findings.map((f) => `${f.range.start.line + 1}:${f.ruleId}`);
}

test('10,000-deep nesting: the file is reported as not analysed, nothing throws', () => {
  for (const text of [
    `const x = ${'('.repeat(10_000)}1${')'.repeat(10_000)};`,
    `const x = ${'['.repeat(10_000)}${']'.repeat(10_000)};`,
    `${'{'.repeat(10_000)}${'}'.repeat(10_000)}`,
    `const f = ${'() => '.repeat(10_000)}1;`,
  ]) {
    const r = analyzeSource({ relPath: 'deep.ts', text }, ctx);
    assert.equal(r.findings.length, 0);
    assert.equal(r.skipped, 'nesting too deep to parse (stack limit)');
  }
  // Long but flat code (a 10,000-term concatenation) is analysed normally.
  const flat = `import { exec } from 'child_process';\nexec(${Array.from({ length: 10_000 }, (_, i) => `'a${i}'`).join(' + ')} + process.argv[2]);\n`;
  assert.deepEqual(rules(flat), ['2:SBD-CMD-001']);
});

test('BOM, CRLF, lone CR and U+2028 line ends give the same findings on the same lines', () => {
  assert.deepEqual(rules(SINK), ['2:SBD-CMD-001']);
  assert.deepEqual(rules(`\uFEFF${SINK}`), ['2:SBD-CMD-001']);
  assert.deepEqual(rules(SINK.replace(/\n/g, '\r\n')), ['2:SBD-CMD-001']);
  assert.deepEqual(rules(SINK.replace(/\n/g, '\r')), ['2:SBD-CMD-001']);
  assert.deepEqual(rules(SINK.replace(/\n/g, '\u2028')), ['2:SBD-CMD-001']);
});

test('a workspace with awkward files: every one is named, the scan goes on', () => {
  const root = workspace({
    'src/app.ts': SINK,
    'src/latin1.ts': Buffer.concat([Buffer.from("// caf\xe9 \xff\xfe\n", 'latin1'), Buffer.from(SINK)]),
    'src/binary.ts': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x00, 0x01]),
    'src/deep.ts': `const x = ${'(\n'.repeat(5_000)}1${')\n'.repeat(5_000)};`,
    'src/later.ts': SINK,
    'dist/bundle.min.js': 'x'.repeat(100),
  });
  fs.mkdirSync(path.join(root, 'src', 'loop'));
  fs.symlinkSync('..', path.join(root, 'src', 'loop', 'up')); // a folder symlink loop is never followed
  fs.symlinkSync(path.join(root, 'nowhere.ts'), path.join(root, 'src', 'dangling.ts'));
  fs.writeFileSync(path.join(root, 'src', 'huge.js'), `var a=[${'1,'.repeat(5_500_000)}1];\n`); // ~11 MB
  const result = scanWorkspace(root, createAnalysisContext(defaultConfig()), {
    // A file vanishes while the scan runs.
    onProgress: (_done, _total, file) => {
      if (file === 'src/huge.js') fs.rmSync(path.join(root, 'src', 'later.ts'));
    },
  });
  assert.deepEqual(
    result.skipped.map((s) => `${s.file}: ${s.reason}`).sort(),
    [
      'src/binary.ts: binary content',
      'src/deep.ts: nesting too deep to parse (stack limit)',
      'src/huge.js: larger than 1024 KiB',
      'src/later.ts: deleted during the scan',
    ],
  );
  assert.deepEqual(
    result.findings.map((f) => `${f.file}:${f.range.start.line + 1}:${f.ruleId}`),
    ['src/app.ts:2:SBD-CMD-001', 'src/latin1.ts:3:SBD-CMD-001'],
  );
});

test('syntax errors: findings where the parser recovers, and the count of errors', () => {
  const r = analyzeSource({ relPath: 'broken.ts', text: `${SINK}function (\nconst = ;\n` }, ctx);
  assert.deepEqual(r.findings.map((f) => f.ruleId), ['SBD-CMD-001']);
  assert.ok(r.syntaxErrors > 0);
});
