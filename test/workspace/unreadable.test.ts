// Bad-input table, "unreadable files (permissions)": the built CLI and language server, run by a user who
// cannot read some of the workspace. The suite runs as root, which reads everything, so as root the
// processes are started through `setpriv` without the capabilities that override file permissions
// (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH): chmod 000 then locks a file for them as for anyone, while the
// checkout itself stays reachable wherever it is (a clone in a 0700 `mktemp -d` folder is not reachable by
// another user such as `nobody`). As any other user chmod alone locks the files. Argument arrays only,
// never a shell.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TestClient, uriOf } from '../lsp/client';
import { makeTempDir } from '../temp-dir';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'bin', 'sbd.js');
const IS_ROOT = process.getuid?.() === 0;
/** How the product is started: as root, without the capabilities that bypass file permissions. */
const LAUNCHER = IS_ROOT ? ['setpriv', '--bounding-set', '-dac_override,-dac_read_search'] : [];

const SINK = "import { exec } from 'child_process';\nexec(process.argv[2]);\n";
const CLEAN = "export const answer = 42;\n";

/** A temporary workspace with `files`, the paths in `locked` made unreadable (chmod 000). */
function lockedWorkspace(files: Record<string, string>, locked: string[]): string {
  const root = path.join(fs.realpathSync(makeTempDir('sbd-unreadable-')), 'ws');
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
  }
  for (const rel of locked) fs.chmodSync(path.join(root, rel), 0o000);
  return root;
}

/** The locked paths really are unreadable for the user the product runs as (the test's own premise). */
async function assertUnreadableForProduct(abs: string): Promise<void> {
  const r = await run(process.execPath, ['-e', 'try { require("fs").readFileSync(process.argv[1]); process.exit(0) } catch (e) { console.log(e.code); process.exit(3) }', abs]);
  assert.equal(r.code, 3, `${abs} is readable by the product's process (${LAUNCHER.join(' ') || `uid ${process.getuid?.()}`}): the test would prove nothing`);
  assert.match(r.stdout, /EACCES|EISDIR/);
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], cwd = os.tmpdir()): Promise<Run> {
  return new Promise((resolve, reject) => {
    const [command, ...rest] = [...LAUNCHER, cmd, ...args];
    const child = spawn(command, rest, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const sbd = (...args: string[]) => run(process.execPath, [CLI, ...args]);

function assertNoStackTrace(text: string): void {
  assert.doesNotMatch(text, /^\s+at .+:\d+:\d+\)?$/m, `a stack trace was printed:\n${text}`);
  assert.doesNotMatch(text, /internal error/);
}

test('sbd scan: an unreadable file and folder are each named on one line, the other files are still scanned', async () => {
  const root = lockedWorkspace(
    {
      'src/app.ts': SINK,
      'src/locked.ts': SINK,
      'src/secret/inner.ts': SINK,
      'src/deeper/also.ts': SINK,
      'lib/ok.ts': CLEAN,
    },
    ['src/locked.ts', 'src/secret'],
  );
  await assertUnreadableForProduct(path.join(root, 'src/locked.ts'));
  await assertUnreadableForProduct(path.join(root, 'src/secret/inner.ts'));

  const json = await sbd('scan', '--format', 'json', root);
  assertNoStackTrace(json.stderr);
  assert.equal(json.code, 1, 'findings in the readable files still fail the scan (exit 1)');
  const out = JSON.parse(json.stdout) as { findings: { file: string; ruleId: string }[]; skipped: { file: string; reason: string }[]; filesScanned: number };
  assert.deepEqual(out.findings.map((f) => `${f.file}:${f.ruleId}`), ['src/app.ts:SBD-CMD-001', 'src/deeper/also.ts:SBD-CMD-001']);
  assert.equal(out.filesScanned, 3);
  assert.deepEqual(
    out.skipped.map((s) => `${s.file}: ${s.reason}`).sort(),
    ['src/locked.ts: cannot read: permission denied (EACCES)', 'src/secret: cannot read folder: permission denied (EACCES)'],
  );

  const text = await sbd('scan', root);
  assert.equal(text.code, 1);
  assertNoStackTrace(text.stderr);
  const lines = text.stdout.split('\n');
  assert.deepEqual(lines.filter((l) => l.includes('locked.ts')), ['skipped: src/locked.ts: cannot read: permission denied (EACCES)']);
  assert.deepEqual(lines.filter((l) => l.includes('src/secret')), ['skipped: src/secret: cannot read folder: permission denied (EACCES)']);
  assert.ok(lines.includes('src/app.ts') && lines.includes('src/deeper/also.ts'), text.stdout);

  // Exit codes stay those of the findings (README: 0 clean, 1 findings): a clean readable rest exits 0 and still names the skip.
  fs.chmodSync(path.join(root, 'src'), 0o000);
  const clean = await sbd('scan', '--format', 'json', root);
  assert.equal(clean.code, 0, clean.stderr);
  const cleanOut = JSON.parse(clean.stdout) as { skipped: { file: string; reason: string }[]; filesScanned: number };
  assert.equal(cleanOut.filesScanned, 1);
  assert.deepEqual(cleanOut.skipped, [{ file: 'src', reason: 'cannot read folder: permission denied (EACCES)' }]);
});

test('sbd scan: an unreadable .gitignore is named (its patterns cannot apply)', async () => {
  const root = lockedWorkspace({ '.gitignore': 'generated/\n', 'src/app.ts': SINK, 'generated/out.ts': CLEAN }, ['.gitignore']);
  const r = await sbd('scan', '--format', 'json', '--fail-on', 'none', root);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { skipped: { file: string; reason: string }[]; findings: { file: string }[] };
  assert.deepEqual(out.skipped, [{ file: '.gitignore', reason: 'cannot read: permission denied (EACCES) (its patterns are not applied)' }]);
  assert.deepEqual(out.findings.map((f) => f.file), ['src/app.ts']);
});

test('an unreadable rule-pack folder or rule pack is a configuration error (exit 2, one line), never a stack trace', async () => {
  const root = lockedWorkspace(
    {
      'src/app.ts': SINK,
      'security/rules/team.yaml': 'rules: []\n',
    },
    ['security/rules'],
  );
  for (const args of [['scan', root], ['trace', root], ['report', '--out', path.join(path.dirname(root), 'out'), root]]) {
    const r = await sbd(...args);
    assert.equal(r.code, 2, `${args[0]}: ${r.stderr}`);
    assertNoStackTrace(r.stderr);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /security\/rules:1:1: cannot read the rule-pack folder: EACCES\n$/);
  }
  fs.chmodSync(path.join(root, 'security', 'rules'), 0o755);
  fs.chmodSync(path.join(root, 'security', 'rules', 'team.yaml'), 0o000);
  const pack = await sbd('scan', root);
  assert.equal(pack.code, 2, pack.stderr);
  assertNoStackTrace(pack.stderr);
  assert.equal(pack.stderr.trim().split('\n').length, 1, pack.stderr);
  assert.match(pack.stderr, /security\/rules\/team\.yaml:1:1: cannot read rule pack: EACCES/);
});

test('sbd trace and sbd report: an unreadable security/requirements.yaml is a one-line input error (exit 2)', async () => {
  const root = lockedWorkspace(
    {
      'src/app.ts': `// @implements SR-1\n${CLEAN}`,
      'security/requirements.yaml': 'requirements:\n  - id: SR-1\n    title: Authenticated access\n    verification: analysis\n',
      'sbd.config.json': '{}\n',
    },
    ['security/requirements.yaml'],
  );
  const trace = await sbd('trace', root);
  assert.equal(trace.code, 2, trace.stderr);
  assert.equal(trace.stderr, 'sbd trace: security/requirements.yaml:1:1: cannot read: EACCES\n');
  const check = await sbd('trace', '--check', '--format', 'json', root);
  assert.equal(check.code, 2, 'an unreadable model is not reported as "no gaps"');
  assert.equal(check.stdout, '');
  const report = await sbd('report', '--out', path.join(path.dirname(root), 'out'), root);
  assert.equal(report.code, 2, report.stderr);
  assert.equal(report.stderr, 'sbd report: security/requirements.yaml:1:1: cannot read: EACCES\n');

  // The unreadable config file is reported the same way.
  fs.chmodSync(path.join(root, 'security', 'requirements.yaml'), 0o644);
  fs.chmodSync(path.join(root, 'sbd.config.json'), 0o000);
  const config = await sbd('scan', root);
  assert.equal(config.code, 2, config.stderr);
  assertNoStackTrace(config.stderr);
  assert.match(config.stderr, /^sbd: sbd\.config\.json:1:1: cannot read: EACCES/);
});

test('sbd trace: a source file it cannot read is named (its tags are missing), the rest is traced', async () => {
  const requirements = 'requirements:\n  - id: SR-1\n    title: Authenticated access\n    activities: ["5.1.3"]\n    verification: analysis\n  - id: SR-2\n    title: Audit log\n    activities: ["5.1.3"]\n    verification: analysis\n';
  const root = lockedWorkspace(
    {
      'security/requirements.yaml': requirements,
      'src/auth.ts': `// @implements SR-1\n${CLEAN}`,
      'src/audit.ts': `// @implements SR-2\n${CLEAN}`,
      'src/more/extra.ts': CLEAN,
    },
    ['src/audit.ts', 'src/more'],
  );
  const r = await sbd('trace', '--format', 'json', root);
  assert.equal(r.code, 0, r.stderr);
  assertNoStackTrace(r.stderr);
  assert.deepEqual(r.stderr.trim().split('\n').sort(), [
    'sbd trace: src/audit.ts: cannot read: permission denied (EACCES); its trace tags are not counted',
    'sbd trace: src/more: cannot read folder: permission denied (EACCES); its trace tags are not counted',
  ]);
  const graph = JSON.parse(r.stdout) as { requirements: { id: string; implementations: { file: string }[] }[] };
  assert.deepEqual(graph.requirements.map((q) => `${q.id}:${q.implementations.map((i) => i.file).join(',')}`), ['SR-1:src/auth.ts', 'SR-2:']);
});

test('language server that cannot read some files: the background scan names unreadable files and folders and goes on', { timeout: 120_000 }, async () => {
  const root = lockedWorkspace(
    {
      'src/app.ts': SINK,
      'src/locked.ts': SINK,
      'src/secret/inner.ts': SINK,
      'src/z-last.ts': SINK,
    },
    ['src/locked.ts', 'src/secret'],
  );
  const client = await TestClient.start(root, { launcher: LAUNCHER });
  try {
    const scanned = () =>
      client.notifications.some((n) => n.method === 'sbd/status' && (n.params as { scanning?: boolean; openFindings: number }).scanning === false && (n.params as { openFindings: number }).openFindings > 0);
    await client.waitFor(scanned, 60_000, 'the background scan to finish with findings');
    // Both readable files, before and after the locked ones in scan order, have their findings.
    for (const rel of ['src/app.ts', 'src/z-last.ts']) {
      const diags = await client.diagnosticsFor(uriOf(root, rel), undefined, 30_000);
      assert.deepEqual(diags.map((d) => d.code), ['SBD-CMD-001'], rel);
    }
    assert.equal(client.diagnostics.get(uriOf(root, 'src/locked.ts'))?.diagnostics.length ?? 0, 0);
    const logs = client.notificationsOf<{ message: string }>('window/logMessage').map((m) => m.message);
    assert.deepEqual(logs.filter((m) => m.includes('locked.ts')), ['src/locked.ts: not analysed (cannot read: permission denied (EACCES))']);
    assert.deepEqual(logs.filter((m) => m.includes('src/secret')), ['src/secret: not analysed (cannot read folder: permission denied (EACCES))']);

    // The server is still serving: an edit to an open document gets fresh diagnostics.
    const doc = client.open('src/app.ts');
    await client.diagnosticsFor(doc.uri, 1, 30_000);
    const version = client.change(doc.uri, CLEAN);
    assert.deepEqual(await client.diagnosticsFor(doc.uri, version, 30_000), []);
    assert.equal(client.child.exitCode, null, `the server exited: ${client.stderr}`);
    assert.doesNotMatch(client.stderr, /EACCES/);
  } finally {
    await client.stop();
  }
});

test('language server that cannot read some files: an unreadable rule-pack folder is a diagnostic on it, built-in rules go on', { timeout: 120_000 }, async () => {
  const root = lockedWorkspace({ 'src/app.ts': SINK, 'security/rules/team.yaml': 'rules: []\n' }, ['security/rules']);
  const client = await TestClient.start(root, { launcher: LAUNCHER });
  try {
    assert.deepEqual((await client.diagnosticsFor(uriOf(root, 'src/app.ts'), undefined, 60_000)).map((d) => d.code), ['SBD-CMD-001']);
    const onFolder = await client.diagnosticsFor(uriOf(root, 'security/rules'), undefined, 30_000);
    assert.deepEqual(onFolder.map((d) => d.message), ['cannot read the rule-pack folder: EACCES']);
    assert.equal(client.child.exitCode, null, client.stderr);
  } finally {
    await client.stop();
  }
});
