import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sbd } from '../cli/helpers';
import { REPORT_HELP } from '../../src/cli/help';
import { EVIDENCE_FILES } from '../../src/core/report/evidence/index';
import { allOutputs, EPOCH, exampleCopy, FIXTURES, packageWorkspace, readOut, report, SOUP_UNASSESSED, tempDir, tempWorkspace } from './helpers';

async function withEpoch<T>(value: string | undefined, run: () => Promise<T>): Promise<T> {
  const before = process.env.SOURCE_DATE_EPOCH;
  if (value === undefined) delete process.env.SOURCE_DATE_EPOCH;
  else process.env.SOURCE_DATE_EPOCH = value;
  try {
    return await run();
  } finally {
    if (before === undefined) delete process.env.SOURCE_DATE_EPOCH;
    else process.env.SOURCE_DATE_EPOCH = before;
  }
}

test('sbd report --out DIR ROOT: exit 0, the five files, one summary line on stderr', async () => {
  const root = exampleCopy();
  const cwd = tempDir();
  const run = await withEpoch(String(EPOCH), () => report(cwd, '--out', 'evidence', root));
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, '');
  assert.equal(run.stderr, 'sbd report: wrote index.html, trace-matrix.csv, summary.md, findings.sarif, sbom.cdx.json to evidence (36 open findings, 8 gaps)\n');
  assert.deepEqual(fs.readdirSync(path.join(cwd, 'evidence')).sort(), [...EVIDENCE_FILES].sort());
  // Run again from the workspace itself (default ROOT: the working folder): byte-identical.
  const again = await withEpoch(String(EPOCH), () => report(root, '-o', path.join(cwd, 'second')));
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(allOutputs(path.join(cwd, 'second')), allOutputs(path.join(cwd, 'evidence')));
});

test('--advisories: relative to the working folder; named by base name in the report when outside the workspace', async () => {
  const root = packageWorkspace(SOUP_UNASSESSED);
  const run = await withEpoch(String(EPOCH), () => report(FIXTURES, '--out', path.join(root, 'out'), '--advisories', 'npm-audit.json', root));
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /\(0 open findings, 1 gap, 1 unassessed vulnerability\)\n$/);
  const html = readOut(path.join(root, 'out'), 'index.html');
  assert.match(html, /Known vulnerabilities from <code>npm-audit\.json<\/code> \(npm-audit, SHA-256 <code>[0-9a-f]{64}<\/code>\)/);
  for (const f of EVIDENCE_FILES) assert.ok(!readOut(path.join(root, 'out'), f).includes(FIXTURES), f);
});

test('a malformed advisories file: exit 2 with file:line:col, before anything is written', async () => {
  const root = tempWorkspace({ 'src/a.ts': 'export const a = 1;\n', 'audit.json': '{\n  "vulnerabilities": {\n    "x": { "via": 3 }\n  }\n}\n' });
  const run = await report(root, '--out', 'out', '--advisories', 'audit.json');
  assert.equal(run.code, 2);
  assert.equal(run.stderr, 'sbd report: audit.json:3:19: vulnerabilities["x"].via must be a list\n');
  assert.equal(fs.existsSync(path.join(root, 'out')), false);
  const missing = await report(root, '--out', 'out', '--advisories', 'nope.json');
  assert.equal(missing.code, 2);
  assert.equal(missing.stderr, 'sbd report: nope.json:1:1: cannot read: ENOENT\n');
});

test('usage errors exit 2 and write nothing: --out missing, unknown options, extra folders, a bad SOURCE_DATE_EPOCH', async () => {
  const root = tempWorkspace({ 'src/a.ts': 'export const a = 1;\n' });
  const usage = async (args: string[], reason: RegExp) => {
    const r = await sbd(root, 'report', ...args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, /^sbd report: .*\nRun `sbd --help` for usage\.\n$/);
    assert.match(r.stderr, reason);
  };
  await usage([], /--out DIR is required/);
  await usage(['--out', 'x', '--format', 'pdf'], /Unknown option '--format'/);
  await usage(['--out'], /--out/);
  await usage(['--out', 'x', 'a', 'b'], /at most one workspace folder/);
  await withEpoch('yesterday', () => usage(['--out', 'x'], /SOURCE_DATE_EPOCH must be a whole number of seconds/));
  assert.equal(fs.existsSync(path.join(root, 'x')), false);
});

test('input errors exit 2: a missing folder, a malformed sbd.config.json, an output path that is a file', async () => {
  const cwd = tempWorkspace({ 'sbd.config.json': '{ "include": 3 }', 'blocker': 'a file', 'src/a.ts': 'export const a = 1;\n' });
  const missing = await report(cwd, '--out', 'out', 'no-such-folder');
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /^sbd report: no-such-folder is not a readable folder\n$/);
  const config = await report(cwd, '--out', 'out');
  assert.equal(config.code, 2);
  assert.match(config.stderr, /^sbd report: sbd\.config\.json:1:\d+: /);
  fs.rmSync(path.join(cwd, 'sbd.config.json'));
  const blocked = await report(cwd, '--out', 'blocker/out');
  assert.equal(blocked.code, 2);
  assert.match(blocked.stderr, /^sbd report: cannot write blocker\/out: (ENOTDIR|EEXIST)\n$/);
});

test('the help block documents the command', () => {
  assert.match(REPORT_HELP, /^ {2}sbd report --out DIR \[--advisories FILE\] \[ROOT\]\n/);
  for (const f of EVIDENCE_FILES) assert.ok(REPORT_HELP.includes(f), f);
  assert.match(REPORT_HELP, /SOURCE_DATE_EPOCH/);
});
