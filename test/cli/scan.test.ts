import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import Ajv from 'ajv-draft-04';
import { sbd, workspace } from './helpers';

const VULNERABLE = `import express from 'express';
import helmet from 'helmet';
import { exec } from 'node:child_process';
const app = express();
app.use(helmet());
app.get('/ping', (req, res) => {
  exec(\`ping -c 1 \${req.query.host}\`);
  res.json({ ok: true });
});
const api = 'http://ehr.hospital.example.net/fhir';
export const agent = { rejectUnauthorized: false, api };
`;

const CLEAN = `import { execFile } from 'node:child_process';
export function ping(host: string) {
  if (!/^[a-z0-9.-]+$/.test(host)) throw new Error('bad host');
  execFile('ping', ['-c', '1', host]);
}
`;

interface JsonOut {
  findings: { ruleId: string; file: string; range: { start: { line: number } }; suppression?: { justification: string }; fingerprint: string; message: string }[];
  skipped: { file: string; reason: string }[];
  syntaxErrors: { file: string; count: number }[];
}

async function scanJson(root: string, ...extra: string[]): Promise<JsonOut> {
  const r = await sbd(root, 'scan', '--format', 'json', '--fail-on', 'none', ...extra);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as JsonOut;
}

test('exit codes follow --fail-on', async () => {
  const bad = workspace({ 'src/app.ts': VULNERABLE });
  const clean = workspace({ 'src/ping.ts': CLEAN });
  assert.equal((await sbd(bad, 'scan')).code, 1);
  assert.equal((await sbd(bad, 'scan', '--fail-on', 'none')).code, 0);
  assert.equal((await sbd(clean, 'scan')).code, 0);
  const warnOnly = workspace({ 'a.ts': "export const fhirBase = 'http://ehr.hospital.example.net/fhir';\n" });
  assert.equal((await sbd(warnOnly, 'scan')).code, 0, 'a warning does not fail --fail-on error');
  assert.equal((await sbd(warnOnly, 'scan', '--fail-on', 'warning')).code, 1);
});

test('usage and configuration errors exit 2 with a clear message, never a stack trace', async () => {
  const root = workspace({ 'a.ts': CLEAN });
  const badFormat = await sbd(root, 'scan', '--format', 'xml');
  assert.equal(badFormat.code, 2);
  assert.match(badFormat.stderr, /--format must be one of text, json, sarif/);
  const unknownOption = await sbd(root, 'scan', '--frobnicate');
  assert.equal(unknownOption.code, 2);
  assert.doesNotMatch(unknownOption.stderr, /at .*\.ts:\d+/);
  assert.equal((await sbd(root, 'nonsense')).code, 2);

  const badConfig = workspace({ 'a.ts': CLEAN, 'sbd.config.json': '{\n  "include": ["**/*.ts"],\n  "typeAware": "yes"\n}\n' });
  const r = await sbd(badConfig, 'scan');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /sbd\.config\.json:3:\d+: setting "typeAware" must be a boolean/);

  const badJson = workspace({ 'a.ts': CLEAN, 'sbd.config.json': '{ "include": [ }' });
  const j = await sbd(badJson, 'scan');
  assert.equal(j.code, 2);
  assert.match(j.stderr, /sbd\.config\.json:1:\d+: invalid JSON/);

  const badPack = workspace({ 'a.ts': CLEAN, 'security/rules/team.yaml': 'rules:\n  - id: TEAM-001\n    title: x\n    colour: red\n' });
  const p = await sbd(badPack, 'scan');
  assert.equal(p.code, 2);
  assert.match(p.stderr, /security\/rules\/team\.yaml:\d+:\d+: /);
  assert.match(p.stderr, /unknown key "colour"/);
});

test('SARIF output is valid SARIF 2.1.0 with CWE tags, clauses, fixes and relative paths', async () => {
  const root = workspace({ 'src/app.ts': VULNERABLE });
  const r = await sbd(root, 'scan', '--format', 'sarif', '--fail-on', 'none');
  assert.equal(r.code, 0);
  const log = JSON.parse(r.stdout);
  const schemaPath = path.join(__dirname, '..', '..', 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');
  const validate = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false, validateFormats: false }).compile(JSON.parse(fs.readFileSync(schemaPath, 'utf8')));
  assert.ok(validate(JSON.parse(r.stdout)), JSON.stringify(validate.errors?.slice(0, 3)));
  const run = log.runs[0];
  const cmdRule = run.tool.driver.rules.find((x: { id: string }) => x.id === 'SBD-CMD-001');
  assert.ok(cmdRule.properties.tags.includes('external/cwe/cwe-78'));
  assert.ok(cmdRule.properties.tags.includes('security'));
  assert.deepEqual(cmdRule.properties.cwe, [78]);
  assert.ok(cmdRule.properties.iec81001.includes('5.5.1'));
  assert.deepEqual(cmdRule.properties.fr, ['FR3']);
  const cmd = run.results.find((x: { ruleId: string }) => x.ruleId === 'SBD-CMD-001');
  const loc = cmd.locations[0].physicalLocation;
  assert.equal(loc.artifactLocation.uri, 'src/app.ts');
  assert.equal(loc.region.startLine, 7);
  assert.equal(loc.region.startColumn, 3);
  assert.equal(typeof cmd.partialFingerprints['sbdFingerprint/v1'], 'string');
  assert.equal(cmd.fixes[0].artifactChanges[0].replacements.length > 0, true);
  assert.equal(run.tool.driver.rules[cmd.ruleIndex].id, 'SBD-CMD-001');
});

test('--fix applies safe fixes, reports them, and leaves files with syntax errors alone', async () => {
  const broken = "const agent = { rejectUnauthorized: false };\nfunction (\n";
  const root = workspace({ 'src/app.ts': VULNERABLE, 'src/broken.ts': broken });
  const r = await sbd(root, 'scan', '--fix', '--fail-on', 'none');
  assert.equal(r.code, 0);
  const fixed = fs.readFileSync(path.join(root, 'src/app.ts'), 'utf8');
  assert.match(fixed, /execFile\('ping', \['-c', '1', req\.query\.host\]\)/);
  assert.match(fixed, /import \{ execFile \} from 'node:child_process'/, 'exec had no other use: the import names execFile instead');
  assert.match(fixed, /rejectUnauthorized: true/);
  assert.match(fixed, /'https:\/\/ehr\.hospital\.example\.net\/fhir'/);
  assert.match(r.stderr, /fix: src\/app\.ts:7: SBD-CMD-001/);
  assert.match(r.stderr, /fix: src\/broken\.ts: not changed: the file has syntax errors/);
  assert.equal(fs.readFileSync(path.join(root, 'src/broken.ts'), 'utf8'), broken);
  const after = await scanJson(root);
  assert.deepEqual(
    after.findings.filter((f) => f.file === 'src/app.ts').map((f) => f.ruleId),
    [],
    'nothing left in the fixed file',
  );
});

test('baseline hides known findings by fingerprint, even when lines move', async () => {
  const root = workspace({ 'src/app.ts': VULNERABLE });
  const b = await sbd(root, 'baseline');
  assert.equal(b.code, 0);
  assert.match(b.stderr, /baseline: 3 finding\(s\) recorded/);
  const baselineFile = path.join(root, 'security', 'baseline.json');
  assert.ok(fs.existsSync(baselineFile));
  assert.equal((await sbd(root, 'scan', '--baseline', 'security/baseline.json')).code, 0);

  fs.writeFileSync(path.join(root, 'src/app.ts'), `// moved down\n\n${VULNERABLE}export const h = require('crypto').createHash('md5');\n`);
  const r = await scanJson(root, '--baseline', 'security/baseline.json');
  assert.deepEqual(r.findings.map((f) => f.ruleId), ['SBD-CRYPTO-001']);

  const missing = await sbd(root, 'scan', '--baseline', 'nope.json');
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /nope\.json:1:1: cannot read baseline/);
});

test('suppressions: justified ones hide the finding, others are findings themselves', async () => {
  const root = workspace({
    'a.ts': [
      "import { createHash } from 'crypto';",
      '// sbd-ignore SBD-CRYPTO-001: ETag for cache validation only, not a security control [risk: RA-7]',
      "export const etag = createHash('md5');",
      '// sbd-ignore SBD-CRYPTO-001',
      "export const h2 = createHash('md5');",
      '// sbd-ignore SBD-CRYPTO-001: legacy interface [until: 2020-01-31]',
      "export const h3 = createHash('sha1');",
      '',
    ].join('\n'),
  });
  const r = await scanJson(root);
  const crypto = r.findings.filter((f) => f.ruleId === 'SBD-CRYPTO-001');
  assert.equal(crypto.length, 3);
  assert.equal(crypto[0].suppression?.justification, 'ETag for cache validation only, not a security control');
  assert.equal(crypto[1].suppression, undefined);
  assert.equal(crypto[2].suppression, undefined);
  assert.match(crypto[2].message, /suppression expired on 2020-01-31/);
  const meta = r.findings.filter((f) => f.ruleId === 'SBD-META-001');
  assert.deepEqual(meta.map((m) => m.range.start.line + 1), [4, 6]);

  const sarif = JSON.parse((await sbd(root, 'scan', '--format', 'sarif', '--fail-on', 'none')).stdout);
  const suppressed = sarif.runs[0].results.filter((x: { suppressions?: unknown[] }) => x.suppressions);
  assert.equal(suppressed.length, 1);
  assert.equal(suppressed[0].suppressions[0].properties.risk, 'RA-7');
});

test('bad input: syntax errors, binary and minified files are reported, never fatal', async () => {
  const minified = `var a=1;${'function f(b){return b+1};'.repeat(220_000)}\n`;
  const root = workspace({
    'broken.ts': "import { exec } from 'child_process';\nexport function run(cmd: string) {\n  exec(cmd);\n  if (\n}\n",
    'binary.ts': Buffer.from([0x00, 0x01, 0x02, 0xff, 0x00, 0x7f]),
    'bundle.js': minified,
    'ok.ts': CLEAN,
  });
  const r = await scanJson(root);
  assert.ok(r.findings.some((f) => f.file === 'broken.ts' && f.ruleId === 'SBD-CMD-001'), 'finding recovered from a file with syntax errors');
  assert.deepEqual(r.syntaxErrors.map((s) => s.file), ['broken.ts']);
  assert.deepEqual(
    r.skipped.map((s) => `${s.file}: ${s.reason}`).sort(),
    ['binary.ts: binary content', 'bundle.js: larger than 1024 KiB'],
  );
  const small = workspace({ 'bundle.js': `var a=1;${'function f(b){return b+1};'.repeat(2_000)}\n` });
  assert.deepEqual((await scanJson(small)).skipped, [{ file: 'bundle.js', reason: 'minified bundle' }]);
  const text = await sbd(root, 'scan', '--fail-on', 'none');
  assert.match(text.stdout, /skipped: binary\.ts: binary content/);
  assert.match(text.stdout, /note: broken\.ts: \d+ syntax errors?/);
});

test('.gitignore, node_modules and exclude globs are respected', async () => {
  const root = workspace({
    '.gitignore': 'generated/\n',
    'generated/x.ts': VULNERABLE,
    'node_modules/lib/index.js': VULNERABLE,
    'vendor/y.ts': VULNERABLE,
    'src/app.ts': VULNERABLE,
    'sbd.config.json': JSON.stringify({ exclude: ['vendor/**'] }),
  });
  const r = await scanJson(root);
  assert.deepEqual([...new Set(r.findings.map((f) => f.file))], ['src/app.ts']);
});

test('rule overrides in sbd.config.json turn rules off and change severity', async () => {
  const root = workspace({
    'src/app.ts': VULNERABLE,
    'sbd.config.json': JSON.stringify({ rules: { 'SBD-CMD-001': 'off', 'SBD-TLS-001': 'warning' } }),
  });
  const r = await sbd(root, 'scan', '--format', 'json', '--fail-on', 'error');
  const out = JSON.parse(r.stdout) as { findings: { ruleId: string; severity: string }[] };
  assert.ok(!out.findings.some((f) => f.ruleId === 'SBD-CMD-001'));
  assert.equal(out.findings.find((f) => f.ruleId === 'SBD-TLS-001')?.severity, 'warning');
  assert.equal(r.code, 0, 'no error-level finding is left');
});

test('the built binary runs: --help, --version, sbd rules and exit codes', () => {
  const bin = path.join(__dirname, '..', '..', 'bin', 'sbd.js');
  const help = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
  assert.equal(help.status, 0);
  assert.match(help.stdout, /sbd scan \[paths…\]/);
  const rules = spawnSync(process.execPath, [bin, 'rules', '--format', 'json'], { encoding: 'utf8' });
  assert.equal(rules.status, 0);
  const list = JSON.parse(rules.stdout).rules as { id: string; cwe: number[] }[];
  assert.ok(list.length >= 30);
  const root = workspace({ 'src/app.ts': VULNERABLE });
  const scan = spawnSync(process.execPath, [bin, 'scan', root], { encoding: 'utf8' });
  assert.equal(scan.status, 1);
  assert.match(scan.stdout, /SBD-CMD-001/);
});
