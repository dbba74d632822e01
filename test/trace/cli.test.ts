import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runTrace } from '../../src/cli/trace';
import { REPO_ROOT, tempWorkspace } from './helpers';
import { capture, RunResult, sbd } from '../cli/helpers';

function trace(cwd: string, ...args: string[]): Promise<RunResult> {
  return capture(runTrace, cwd, args);
}

const REQS = `requirements:
  - id: SR-1
    title: "Ping <b>diagnostics</b> | =cmd"
    activities: ["5.2.1"]
    mitigates: [TH-1]
    verification: test
    status: implemented
  - id: SR-2
    title: Rollback
    activities: ["5.2.1"]
    verification: test
    status: approved
`;
const THREATS = 'threats:\n  - id: TH-1\n    title: "<script>alert(1)</script>"\n  - id: TH-2\n    title: Jamming\n';
const DIAG = `import { exec } from 'node:child_process';
import express from 'express';
const app = express();

/** @implements SR-1 */
export function ping(req: express.Request) {
  exec(\`ping -c 1 \${req.query.host}\`);
}
app.get('/ping', (req) => ping(req));
`;
const TEST = `/** @verifies SR-1 */\nit('pings', () => {});\n/** @verifies SR-2 */\nit.skip('rolls back', () => {});\n`;

function gappy(): string {
  return tempWorkspace({ 'security/requirements.yaml': REQS, 'security/threats.yaml': THREATS, 'src/diag.ts': DIAG, 'test/diag.test.ts': TEST });
}

function clean(): string {
  return tempWorkspace({
    'security/requirements.yaml': 'requirements:\n  - id: SR-1\n    title: Pinging\n    activities: ["5.2.1"]\n    verification: test\n',
    'src/a.ts': '/** @implements SR-1 */\nexport function a() {}\n',
    'test/a.test.ts': '/** @verifies SR-1 */\nit("a", () => {});\n',
  });
}

interface TraceJson {
  requirements: { id: string; title: string; activities: string[]; implementations: { file: string; line: number }[]; verifications: { file: string; line: number }[]; findings: { ruleId: string; line: number; suppressed: boolean }[]; status: string | null }[];
  threats: { id: string; mitigatedBy: string[]; accepted: boolean }[];
  activities: { id: string; status: string }[];
  gaps: { kind: string; id: string; file: string; line: number; message: string }[];
}

test('text: counts and gaps grouped by kind; exit 0 without --check, 1 with it', async () => {
  const root = gappy();
  const plain = await trace(root);
  assert.equal(plain.code, 0, plain.stderr);
  assert.match(plain.stdout, /^Requirements: 2 \(1 implemented, 1 verified by tests\)/);
  assert.match(plain.stdout, /4 trace gaps:/);
  assert.match(plain.stdout, /\nunimplemented \(1\)\n {2}security\/requirements.yaml:8:9 {2}SR-2 /);
  assert.match(plain.stdout, /\nskipped-verification \(1\)\n {2}test\/diag.test.ts:3:15 {2}SR-2 /);
  assert.match(plain.stdout, /\nunmitigated-threat \(1\)\n {2}security\/threats.yaml:4:9 {2}TH-2 /);
  const checked = await trace(root, '--check');
  assert.equal(checked.code, 1);
  assert.match(checked.stderr, /4 trace gaps/);
  assert.equal(checked.stdout, plain.stdout);
});

test('--check passes (exit 0) on a workspace without gaps', async () => {
  const r = await trace(clean(), '--check');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /No trace gaps\./);
});

test('json: the DESIGN §9 shape, findings inside implementing code, relative paths', async () => {
  const root = gappy();
  const r = await trace(root, '--format', 'json');
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as TraceJson;
  for (const key of ['requirements', 'threats', 'activities', 'gaps']) assert.ok(Array.isArray((out as unknown as Record<string, unknown>)[key]), key);
  const sr1 = out.requirements[0];
  for (const key of ['id', 'title', 'activities', 'implementations', 'verifications', 'findings', 'status']) assert.ok(key in sr1, key);
  assert.deepEqual(sr1.implementations.map(({ file, line }) => ({ file, line })), [{ file: 'src/diag.ts', line: 5 }]);
  assert.deepEqual(sr1.verifications.map(({ file, line }) => ({ file, line })), [{ file: 'test/diag.test.ts', line: 1 }]);
  assert.deepEqual(sr1.findings.map((f) => [f.ruleId, f.line, f.suppressed]), [['SBD-CMD-001', 7, false]]);
  assert.equal(sr1.status, 'implemented');
  assert.deepEqual(out.threats.map((t) => [t.id, t.mitigatedBy, t.accepted]), [['TH-1', ['SR-1'], false], ['TH-2', [], false]]);
  assert.ok(out.activities.every((a) => typeof a.id === 'string' && ['covered', 'partial', 'missing', 'manual'].includes(a.status)));
  assert.deepEqual(out.gaps.map((g) => Object.keys(g).slice(0, 5)), out.gaps.map(() => ['kind', 'id', 'file', 'line', 'message']));
  assert.deepEqual(out.gaps.map((g) => `${g.kind} ${g.id} ${g.file}:${g.line}`), [
    'unimplemented SR-2 security/requirements.yaml:8',
    'unverified SR-2 security/requirements.yaml:8',
    'unmitigated-threat TH-2 security/threats.yaml:4',
    'skipped-verification SR-2 test/diag.test.ts:3',
  ]);
  assert.ok(!r.stdout.includes(root), 'no absolute paths');
});

test('md, html and csv write the trace matrix with every repo string escaped', async () => {
  const root = gappy();
  const md = await trace(root, '--format', 'md');
  assert.equal(md.code, 0);
  assert.match(md.stdout, /^# Trace matrix/);
  assert.match(md.stdout, /\| TH-1 \\<script\\>alert\(1\)\\<\/script\\> \(mitigated\) \| SR-1 Ping \\<b\\>diagnostics\\<\/b\\> \\\| =cmd \| src\/diag.ts:5 \(ping\) \| test\/diag.test.ts:1 \(pings\) \| SBD-CMD-001 src\/diag.ts:7 \|/);
  assert.match(md.stdout, /\| TH-2 Jamming \(unmitigated\) \| — \|/);
  assert.match(md.stdout, /\| — \| SR-2 Rollback \| — \| — \| — \|/);

  const html = await trace(root, '--format', 'html');
  assert.match(html.stdout, /^<!doctype html>/);
  assert.ok(!/<script/i.test(html.stdout), 'no script element');
  assert.ok(!/(src|href)=["']?(https?:)?\/\//i.test(html.stdout), 'no remote resources');
  assert.ok(html.stdout.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  assert.ok(html.stdout.includes('Ping &lt;b&gt;diagnostics&lt;/b&gt; | =cmd'));
  assert.match(html.stdout, /Content-Security-Policy/);

  const csv = await trace(root, '--format', 'csv');
  const lines = csv.stdout.split('\r\n');
  assert.equal(lines[0], 'threat,threat_title,threat_state,requirement,requirement_title,requirement_status,verification,implementations,verifications,open_findings');
  assert.equal(lines[1], "TH-1,<script>alert(1)</script>,mitigated,SR-1,Ping <b>diagnostics</b> | =cmd,implemented,test,src/diag.ts:5 (ping),test/diag.test.ts:1 (pings),SBD-CMD-001 src/diag.ts:7");
  assert.equal(lines[2], 'TH-2,Jamming,unmitigated,,,,,,,');
  assert.equal(lines[3], ',,,SR-2,Rollback,approved,test,,,');
});

test('a CSV cell that starts like a formula is defused', async () => {
  const root = tempWorkspace({ 'security/requirements.yaml': 'requirements:\n  - id: SR-1\n    title: "=HYPERLINK(\\"http://x\\")"\n    activities: ["5.2.1"]\n    verification: review\n' });
  const csv = await trace(root, '--format', 'csv');
  assert.equal(csv.stdout.split('\r\n')[1], ',,,SR-1,"\'=HYPERLINK(""http://x"")",,review,,,');
});

test('--output writes the file (relative to the working folder), stdout stays empty', async () => {
  const root = gappy();
  const r = await trace(root, '--format', 'json', '--output', 'out/trace.json');
  assert.equal(r.code, 0);
  assert.equal(r.stdout, '');
  const written = JSON.parse(fs.readFileSync(path.join(root, 'out', 'trace.json'), 'utf8')) as TraceJson;
  assert.equal(written.requirements.length, 2);
  assert.deepEqual(fs.readdirSync(path.join(root, 'out')), ['trace.json'], 'no temporary file left behind');
  const dash = await trace(root, '--format', 'json', '--output', '-');
  assert.ok(dash.stdout.startsWith('{'));
});

test('output is deterministic', async () => {
  const root = gappy();
  for (const format of ['text', 'json', 'md', 'html', 'csv']) {
    const a = await trace(root, '--format', format);
    const b = await trace(root, '--format', format);
    assert.equal(a.stdout, b.stdout, format);
  }
});

test('a workspace folder argument; exit 2 when it is not a folder', async () => {
  const root = gappy();
  const r = await trace(path.dirname(root), path.basename(root), '--format', 'json');
  assert.equal(r.code, 0, r.stderr);
  assert.equal((JSON.parse(r.stdout) as TraceJson).gaps.length, 4);
  const missing = await trace(root, 'no-such-folder');
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no-such-folder is not a readable folder/);
});

test('usage errors exit 2 with the reason and a pointer to --help', async () => {
  const root = clean();
  const cases: [string[], RegExp][] = [
    [['--frobnicate'], /Unknown option '--frobnicate'/],
    [['--format', 'xml'], /--format must be one of text, json, md, html, csv/],
    [['a', 'b'], /at most one workspace folder/],
    [['--check=yes'], /--check/],
  ];
  for (const [args, reason] of cases) {
    const r = await sbd(root, 'trace', ...args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, /^sbd trace: .*\nRun `sbd --help` for usage\.\n$/);
    assert.match(r.stderr, reason);
    assert.equal(r.stdout, '');
  }
});

test('exit 2 on a broken config, an unreadable model path or an unwritable output', async () => {
  const badConfig = tempWorkspace({ 'sbd.config.json': '{ "trace": { "requirements": 5 } }' });
  const r = await trace(badConfig);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /sbd.config.json:1:\d+: setting "trace.requirements" must be a string/);
  const badJson = await trace(tempWorkspace({ 'sbd.config.json': '{ nope' }));
  assert.equal(badJson.code, 2);
  const folder = await trace(tempWorkspace({ 'security/requirements.yaml/oops': '' }));
  assert.equal(folder.code, 2);
  assert.match(folder.stderr, /security\/requirements.yaml:1:1: cannot read/);
  const root = clean();
  fs.mkdirSync(path.join(root, 'taken'));
  const unwritable = await trace(root, '--output', 'taken');
  assert.equal(unwritable.code, 2);
  assert.match(unwritable.stderr, /cannot write taken/);
});

test('malformed model files are gaps (exit 1 under --check), not input errors', async () => {
  const root = tempWorkspace({ 'security/requirements.yaml': 'requirements:\n  - id: SR-1\n    title: [unclosed\n' });
  const r = await trace(root, '--check', '--format', 'json');
  assert.equal(r.code, 1);
  assert.ok((JSON.parse(r.stdout) as TraceJson).gaps.some((g) => g.kind === 'schema' && g.file === 'security/requirements.yaml'));
});

const EXAMPLE = path.join(REPO_ROOT, 'examples', 'infusion-gateway');

test('the example workspace yields exactly the gaps planted in PLANTED.md', async () => {
  const planted = fs.readFileSync(path.join(EXAMPLE, 'PLANTED.md'), 'utf8');
  const section = planted.slice(planted.indexOf('## Intended trace gaps'));
  const expected = [...section.matchAll(/^\| ([a-z-]+) \| ([^ |]+) \| ([^ |]+:\d+) \|/gm)].map((m) => `${m[1]} ${m[2]} ${m[3]}`).sort();
  assert.ok(expected.length >= 8, 'PLANTED.md lists the intended gaps');
  const r = await trace(EXAMPLE, '--format', 'json', '--check');
  assert.equal(r.code, 1, r.stderr);
  const actual = (JSON.parse(r.stdout) as TraceJson).gaps.map((g) => `${g.kind} ${g.id} ${g.file}:${g.line}`).sort();
  assert.deepEqual(actual, expected);
});

test('typeAware in sbd.config.json: findings come from the type-aware analysis, the trace is the same', async () => {
  const root = tempWorkspace({ 'sbd.config.json': '{ "typeAware": true }', 'security/requirements.yaml': REQS, 'security/threats.yaml': THREATS, 'src/diag.ts': DIAG, 'test/diag.test.ts': TEST });
  const r = await trace(root, '--format', 'json');
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as TraceJson;
  assert.equal(out.gaps.length, 4);
  assert.deepEqual(out.requirements[0].findings.map((f) => f.ruleId), ['SBD-CMD-001']);
});
