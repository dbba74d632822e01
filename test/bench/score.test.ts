import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint } from 'eslint';
import { score, SarifLog } from '../../bench/score';
import { FAMILIES, familiesOf } from '../../bench/families';
import { collectLabels, LabelError, parseLabels } from '../../bench/labels';
import { countsMarkdown, renderReadme } from '../../bench/corpus-stats';
import { PEER_RULE_CWE, peerMessageCwe } from '../../bench/peers/cwe-map';

const fixtures = path.join(__dirname, 'fixtures');
const corpus = path.join(fixtures, 'corpus');
const sarifFile = path.join(fixtures, 'results.sarif');
const repoRoot = path.resolve(__dirname, '..', '..');

const close = (actual: number | null, expected: number) => {
  assert.ok(actual !== null, `expected ${expected}, got null`);
  assert.ok(Math.abs(actual - expected) < 1e-9, `expected ${expected}, got ${actual}`);
};

test('per-family counts, precision and recall', () => {
  const r = score(sarifFile, corpus, { baseDir: repoRoot });
  assert.equal(r.tool, 'fixture-tool');
  assert.deepEqual(r.corpus, { files: 2, tpLabels: 6, tnLabels: 3 });

  const cmd = r.families['command-injection'];
  assert.deepEqual([cmd.tp, cmd.fp, cmd.fn], [1, 1, 1]);
  close(cmd.precision, 0.5);
  close(cmd.recall, 0.5);
  close(cmd.f1, 0.5);

  const xss = r.families.xss;
  assert.deepEqual([xss.tp, xss.fp, xss.fn], [1, 1, 0]);
  close(xss.precision, 0.5);
  close(xss.recall, 1);
  close(xss.f1, 2 / 3);

  for (const f of ['weak-crypto', 'phi-in-logs', 'cleartext-transport'] as const) {
    assert.deepEqual([r.families[f].tp, r.families[f].fp, r.families[f].fn], [1, 0, 0], f);
  }

  const sql = r.families['sql-injection'];
  assert.deepEqual([sql.tp, sql.fp, sql.fn], [0, 1, 0]);
  close(sql.precision, 0);
  assert.equal(sql.recall, null);

  const ssrf = r.families.ssrf;
  assert.deepEqual([ssrf.tp, ssrf.fp, ssrf.fn, ssrf.precision, ssrf.recall, ssrf.f1], [0, 0, 0, null, null, null]);
});

test('micro pools the counts, macro averages the families that have tp labels', () => {
  const r = score(sarifFile, corpus, { baseDir: repoRoot });
  assert.deepEqual([r.micro.tp, r.micro.fp, r.micro.fn], [5, 3, 1]);
  close(r.micro.precision, 5 / 8);
  close(r.micro.recall, 5 / 6);
  close(r.micro.f1, (2 * (5 / 8) * (5 / 6)) / (5 / 8 + 5 / 6));
  // command-injection, weak-crypto, xss, cleartext-transport, phi-in-logs (sql-injection has no tp label)
  close(r.macro.precision, (0.5 + 1 + 0.5 + 1 + 1) / 5);
  close(r.macro.recall, (0.5 + 1 + 1 + 1 + 1) / 5);
  close(r.macro.f1, (0.5 + 1 + 2 / 3 + 1 + 1) / 5);
});

test('duplicates, region matching, suppressed and unmapped results', () => {
  const r = score(sarifFile, corpus, { baseDir: repoRoot });
  assert.equal(r.duplicates, 1, 'the second R-CMD result on line 5 is a duplicate');
  assert.equal(r.suppressed, 1);
  assert.deepEqual(r.unmapped, [{ ruleId: 'R-TIMING', cwe: [208], count: 1, examples: [{ ruleId: 'R-TIMING', file: 'server.ts', line: 7, cwe: [208] }] }]);
  assert.deepEqual(r.outsideCorpus, []);
  // The phi-in-logs label on line 10 lies inside the result's region 9–11.
  assert.equal(r.families['phi-in-logs'].tp, 1);
  // The suppressed result does not count: its label is a false negative.
  assert.deepEqual(
    r.falseNegatives.map((l) => `${l.file}:${l.line}:${l.family}`),
    ['server.ts:12:command-injection'],
  );
  assert.deepEqual(
    r.falsePositives.map((f) => `${f.file}:${f.line}:${f.family}:${f.onTnLabel}`).sort(),
    ['server.ts:6:command-injection:true', 'web.ts:1:sql-injection:false', 'web.ts:3:xss:true'],
  );
});

test('a result outside its label region is a false positive and leaves the label unmatched', () => {
  const log: SarifLog = {
    runs: [
      {
        tool: { driver: { name: 't', rules: [{ id: 'X', properties: { cwe: [79] } }] } },
        results: [{ ruleId: 'X', locations: [{ physicalLocation: { artifactLocation: { uri: 'web.ts' }, region: { startLine: 1, endLine: 1 } } }] }],
      },
    ],
  };
  const r = score(log, corpus);
  assert.deepEqual([r.families.xss.tp, r.families.xss.fp, r.families.xss.fn], [0, 1, 1]);
});

test('file:// URIs and uriBaseId bases resolve to corpus files', () => {
  const base = pathToFileURL(corpus + path.sep).href;
  const log: SarifLog = {
    runs: [
      {
        tool: { driver: { name: 't', rules: [{ id: 'X', properties: { tags: ['external/cwe/cwe-78'] } }] } },
        originalUriBaseIds: { SRC: { uri: base } },
        results: [
          { ruleId: 'X', locations: [{ physicalLocation: { artifactLocation: { uri: pathToFileURL(path.join(corpus, 'server.ts')).href }, region: { startLine: 5 } } }] },
          { ruleId: 'X', locations: [{ physicalLocation: { artifactLocation: { uri: 'server.ts', uriBaseId: 'SRC' }, region: { startLine: 12 } } }] },
          { ruleId: 'X', locations: [{ physicalLocation: { artifactLocation: { uri: 'elsewhere/other.ts' }, region: { startLine: 1 } } }] },
        ],
      },
    ],
  };
  const r = score(log, corpus, { baseDir: fixtures });
  assert.deepEqual([r.families['command-injection'].tp, r.families['command-injection'].fn], [2, 0]);
  assert.deepEqual(r.outsideCorpus.map((o) => o.file), ['../elsewhere/other.ts']);
});

test('labels: one per line, known kinds and families only', () => {
  assert.deepEqual(parseLabels('a.ts', 'x(); // sbd-bench: tp xss\n<b/> {/* sbd-bench: tn xss */}\n'), [
    { file: 'a.ts', line: 1, kind: 'tp', family: 'xss' },
    { file: 'a.ts', line: 2, kind: 'tn', family: 'xss' },
  ]);
  assert.throws(() => parseLabels('a.ts', 'x(); // sbd-bench: tp xss // sbd-bench: tn xss\n'), LabelError);
  assert.throws(() => parseLabels('a.ts', 'x(); // sbd-bench: tp cross-site\n'), /unknown family "cross-site"/);
  assert.throws(() => parseLabels('a.ts', 'x(); // sbd-bench: fp xss\n'), /tp or tn/);
});

test('the CWE table gives each CWE one family, in list order', () => {
  assert.deepEqual(familiesOf([943, 95, 208]), ['nosql-injection', 'code-injection']);
  assert.deepEqual(familiesOf([1333, 400]), ['redos']);
  assert.deepEqual(familiesOf([942, 346]), ['cors', 'postmessage']);
  assert.deepEqual(familiesOf([78, 77]), ['command-injection']);
  assert.deepEqual(familiesOf([208]), []);
});

test('the accuracy corpus is large enough, covers every family and its README counts are current', () => {
  const corpusDir = path.join(repoRoot, 'bench', 'corpus');
  const labels = collectLabels(corpusDir);
  assert.ok(labels.length >= 420, `${labels.length} labels`);
  for (const f of FAMILIES) {
    const tp = labels.filter((l) => l.family === f && l.kind === 'tp').length;
    const tn = labels.filter((l) => l.family === f && l.kind === 'tn').length;
    assert.ok(tp >= 12 && tn >= 10, `${f}: ${tp} tp, ${tn} tn`);
  }
  const readme = fs.readFileSync(path.join(corpusDir, 'README.md'), 'utf8');
  assert.equal(renderReadme(readme, corpusDir), readme, 'run: node --import tsx bench/corpus-stats.ts');
  assert.match(countsMarkdown(corpusDir), /labelled cases/);
});

test('every rule the peer ESLint configuration enables has a CWE entry', async () => {
  const eslint = new ESLint({ cwd: repoRoot, overrideConfigFile: path.join(repoRoot, 'bench', 'peers', 'eslint.config.mjs') });
  const enabled = new Set<string>();
  for (const file of ['a.ts', 'a.tsx', 'a.js', 'a.jsx']) {
    const config = (await eslint.calculateConfigForFile(path.join(repoRoot, 'bench', 'corpus', file))) as { rules?: Record<string, unknown> };
    for (const [id, setting] of Object.entries(config.rules ?? {})) {
      const level = Array.isArray(setting) ? setting[0] : setting;
      if (level !== 0 && level !== 'off') enabled.add(id);
    }
  }
  assert.ok(enabled.size >= 30, `${enabled.size} rules enabled`);
  const missing = [...enabled].filter((id) => !(id in PEER_RULE_CWE));
  assert.deepEqual(missing, []);
  assert.deepEqual(peerMessageCwe('no-unsanitized/method', 'Unsafe call to import for argument 0'), [94]);
  assert.deepEqual(peerMessageCwe('no-unsanitized/method', 'Unsafe call to document.write for argument 0'), [79]);
});
