import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildEvidenceReport, EVIDENCE_FILES, writeEvidenceReport } from '../../src/core/report/evidence/index';
import { loadCatalog } from '../../src/core/trace/catalog';
import { allOutputs, cycloneDxValidator, EPOCH, exampleCopy, parseCsv, readOut, REPO_ROOT, tempDir, tempWorkspace, TODAY } from './helpers';

const exampleRoot = exampleCopy();
const firstOut = tempDir('sbd-out-a-');
const written = writeEvidenceReport(exampleRoot, firstOut, { sourceDateEpoch: EPOCH, today: TODAY });
const outputs = allOutputs(firstOut);

test('the report writes its five files and returns their paths', () => {
  assert.deepEqual(
    written,
    EVIDENCE_FILES.map((f) => path.join(firstOut, f)),
  );
  assert.deepEqual(Object.keys(outputs).sort(), [...EVIDENCE_FILES].sort());
});

test('same input, same bytes: a second run into another folder is byte-identical', () => {
  const secondOut = tempDir('sbd-out-b-');
  writeEvidenceReport(exampleRoot, secondOut, { sourceDateEpoch: EPOCH, today: TODAY });
  const again = allOutputs(secondOut);
  for (const f of EVIDENCE_FILES) assert.equal(again[f], outputs[f], `${f} differs between runs`);
  assert.match(outputs['sbom.cdx.json'], /"timestamp": "2026-06-01T00:00:00.000Z"/);
  assert.match(outputs['index.html'], /2026-06-01T00:00:00Z \(SOURCE_DATE_EPOCH\)/);
});

test('no absolute path of the machine in any file', () => {
  const forbidden = new Set([exampleRoot, fs.realpathSync(exampleRoot), firstOut, fs.realpathSync(firstOut), REPO_ROOT, os.tmpdir(), fs.realpathSync(os.tmpdir()), os.homedir()]);
  for (const [name, text] of Object.entries(outputs)) {
    for (const p of forbidden) if (p.length > 1) assert.ok(!text.includes(p), `${name} contains ${p}`);
    // SARIF carries the rules' help text, which may quote a file: URI as an example of an attack.
    if (name !== 'findings.sarif') assert.doesNotMatch(text, /file:\/\//, `${name} has a file URI`);
  }
});

test('index.html is self-contained: no script, no external resource, only in-page links, a print stylesheet', () => {
  const html = outputs['index.html'];
  assert.doesNotMatch(html, /<script/i);
  assert.doesNotMatch(html, /(?:src|href)\s*=\s*["']?\s*(?:https?:|\/\/|javascript:|data:)/i);
  assert.doesNotMatch(html, /url\(/i);
  assert.doesNotMatch(html, /@import/i);
  assert.doesNotMatch(html, /<(?:link|img|iframe|object|embed|base)\b/i);
  const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
  assert.ok(hrefs.length > 10);
  for (const href of hrefs) assert.match(href, /^#[A-Za-z0-9_.-]+$/);
  for (const href of new Set(hrefs)) assert.ok(html.includes(` id="${href.slice(1)}"`), `dangling link ${href}`);
  assert.match(html, /@media print\{/);
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">/);
});

test('index.html: summary, every catalog clause grouped by section, trace matrix, findings with suppressions, SOUP, provenance', () => {
  const html = outputs['index.html'];
  for (const heading of ['1. Summary', '2. IEC 81001-5-1 life-cycle coverage', '3. Trace matrix', '4. Gaps', '5. Findings', '6. SOUP and known vulnerabilities', '7. Provenance']) {
    assert.ok(html.includes(`${heading}</h2>`), heading);
  }
  const catalog = loadCatalog();
  let last = -1;
  for (const a of catalog.activities) {
    const at = html.indexOf(`<td class="nowrap"><code>${a.id}</code></td>`);
    assert.ok(at > last, `clause ${a.id} missing or out of order`);
    last = at;
  }
  for (const section of ['4 General requirements', '5 Software development', '6 Software maintenance', '7 Security risk management', '8 Software configuration management', '9 Software security problem resolution']) {
    assert.ok(html.includes(`<th colspan="5">${section}</th>`), section);
  }
  // The penetration-test record of activities.yaml is the evidence behind the manual verdict of 5.7.4.
  const row = html.slice(html.indexOf('<code>5.7.4</code>'), html.indexOf('<code>5.7.5</code>'));
  assert.match(row, /badge manual/);
  assert.match(row, /PT-2026-03/);
  assert.match(row, /docs\/pentest-2026-03\.pdf/);
  // Suppressions with justification, risk and expiry.
  assert.match(html, /Suppressed findings \(3\)/);
  assert.ok(html.includes('bench simulator only; GATEWAY_ENV=bench is refused by the production image start-up check'));
  assert.match(html, /<code>RA-14<\/code><\/td><td class="nowrap">2027-06-30<\/td>/);
  // The trace matrix links a threat to its requirement, implementation and test.
  assert.match(html, /<td rowspan="3" id="threat-TH-1"><code>TH-1<\/code>/);
  assert.match(html, /<td id="req-SR-1">/);
  assert.match(html, /Summary[\s\S]*Security requirements<\/div><div class="n ">16<\/div>/);
  assert.match(html, /Tool<\/dt><dd>Secure by Design \(sbd\) \d+\.\d+\.\d+<\/dd>/);
  assert.match(html, /Rule set hash<\/dt><dd><code>[0-9a-f]{8,}<\/code>/);
  assert.match(html, /Git commit<\/dt><dd>not a git repository<\/dd>/);
  assert.match(html, /Inputs<\/h3>[\s\S]*<code>security\/requirements\.yaml<\/code><\/td><td><code>[0-9a-f]{64}<\/code>/);
  // SOUP table: registered entries with supplier, risk, review date and their assessments.
  assert.match(html, /<code>axios<\/code><\/td><td class="nowrap">1\.21\.1<\/td><td class="nowrap">1\.21\.1<\/td>/);
  assert.ok(html.includes('CVE-2025-27152'));
  assert.match(html, /<code>escape-html<\/code><div class="bad">soup-missing:/);
});

test('summary.md carries the counts, the gaps and the suppressions', () => {
  const md = outputs['summary.md'];
  assert.match(md, /^# Security evidence: infusion-gateway 2\.3\.0$/m);
  assert.match(md, /^\| Security requirements \| 16 \(15 implemented, 15 verified by tests\) \|$/m);
  assert.match(md, /^\| Suppressed findings \| 3 \|$/m);
  assert.match(md, /^\| unmitigated-threat \| TH-10 \| `security\/threats\.yaml:\d+:\d+` \|/m);
  assert.match(md, /^\| SBD-TLS-001 \| `src\/integrations\/pumpClient\.ts:\d+` \| bench simulator only;/m);
});

test('findings.sarif is the scan as SARIF 2.1.0 with relative URIs and the suppressions', () => {
  const sarif = JSON.parse(outputs['findings.sarif']) as { version: string; runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[]; suppressions?: { justification: string }[] }[] }[] };
  assert.equal(sarif.version, '2.1.0');
  const results = sarif.runs[0].results;
  assert.ok(results.length > 20);
  for (const r of results) assert.doesNotMatch(r.locations[0].physicalLocation.artifactLocation.uri, /^(?:\/|[a-z]+:)/i);
  assert.equal(results.filter((r) => r.suppressions?.length).length, 3);
});

test('trace-matrix.csv is the trace matrix in RFC 4180 CSV', () => {
  const rows = parseCsv(outputs['trace-matrix.csv']);
  assert.deepEqual(rows[0].slice(0, 4), ['threat', 'threat_title', 'threat_state', 'requirement']);
  assert.ok(rows.some((r) => r[0] === 'TH-1' && r[3] === 'SR-1'));
  assert.ok(rows.every((r) => r.length === rows[0].length));
});

test('sbom.cdx.json is valid CycloneDX 1.6 with purls, lockfile hashes and SOUP properties', () => {
  const bom = JSON.parse(outputs['sbom.cdx.json']) as {
    specVersion: string;
    serialNumber: string;
    metadata: { component: { name: string; version: string } };
    components: { name: string; version: string; purl: string; 'bom-ref': string; hashes?: { alg: string; content: string }[]; supplier?: { name: string }; properties?: { name: string; value: string }[] }[];
    dependencies: { ref: string; dependsOn?: string[] }[];
  };
  const validate = cycloneDxValidator();
  assert.ok(validate(bom), JSON.stringify(validate.errors?.slice(0, 3)));
  assert.equal(bom.specVersion, '1.6');
  assert.match(bom.serialNumber, /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.deepEqual([bom.metadata.component.name, bom.metadata.component.version], ['infusion-gateway', '2.3.0']);
  const lock = JSON.parse(fs.readFileSync(path.join(exampleRoot, 'package-lock.json'), 'utf8')) as { packages: Record<string, { integrity?: string; dev?: boolean }> };
  const shipped = Object.entries(lock.packages).filter(([k, v]) => k && !v.dev);
  assert.equal(bom.components.length, shipped.length);
  const axios = bom.components.find((c) => c.name === 'axios')!;
  assert.equal(axios.purl, 'pkg:npm/axios@1.21.1');
  assert.equal(axios['bom-ref'], axios.purl);
  const b64 = lock.packages['node_modules/axios'].integrity!.replace(/^sha512-/, '');
  assert.deepEqual(axios.hashes, [{ alg: 'SHA-512', content: Buffer.from(b64, 'base64').toString('hex') }]);
  assert.equal(axios.supplier?.name, 'axios project (open source, github.com/axios/axios)');
  const prop = (name: string) => axios.properties?.find((p) => p.name === name)?.value;
  assert.equal(prop('sbd:soup:risk'), 'medium');
  assert.equal(prop('sbd:soup:reviewed'), '2026-10-02');
  const escape = bom.components.find((c) => c.name === 'escape-html')!;
  assert.equal(escape.properties?.find((p) => p.name === 'sbd:soup:registered')?.value, 'false');
  const root = bom.dependencies.find((d) => d.ref === 'pkg:npm/infusion-gateway@2.3.0');
  assert.equal(root?.dependsOn?.length, 13);
});

test('repository text is escaped: a hostile requirement title, file name and suppression render inert', () => {
  const hostileDir = '"><script>alert(1)<';
  const root = tempWorkspace({
    'security/requirements.yaml': `requirements:
  - id: SR-1
    title: "<img src=x onerror=alert(1)>"
    text: "javascript:alert(1)"
    activities: ["5.2.1"]
    mitigates: [TH-1]
    verification: test
`,
    'security/threats.yaml': 'threats:\n  - id: TH-1\n    title: "<a href=\'javascript:alert(1)\'>x</a>"\n    risk: "\\" onmouseover=\\"alert(1)"\n',
    [`${hostileDir}/script>.ts`]: `import { exec } from 'node:child_process';
/** @implements SR-1 */
export function run(req: { query: { cmd: string } }) {
  exec(req.query.cmd);
  // sbd-ignore SBD-CMD-001: "><svg onload=alert(1)> [risk: TH-1] [until: 2099-01-01]
  exec(req.query.cmd);
}
`,
  });
  const { files } = buildEvidenceReport(root, { sourceDateEpoch: EPOCH, today: TODAY });
  const html = files.find((f) => f.name === 'index.html')!.content;
  assert.doesNotMatch(html, /<script/i);
  assert.doesNotMatch(html, /<img/i);
  assert.doesNotMatch(html, /<svg/i);
  assert.doesNotMatch(html, /<a href='/);
  assert.doesNotMatch(html, /href="javascript:/i);
  assert.doesNotMatch(html, /\sonmouseover="/);
  assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
  assert.ok(html.includes('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;.ts'));
  assert.ok(html.includes('&quot;&gt;&lt;svg onload=alert(1)&gt;'));
  // The suppression's risk names a threat: it links to it, in-page.
  assert.match(html, /<a href="#threat-TH-1"><code>TH-1<\/code><\/a><\/td><td class="nowrap">2099-01-01<\/td>/);
  // Markdown: outside code spans (which render their content as text) every < is escaped.
  const md = files.find((f) => f.name === 'summary.md')!.content.replace(/`[^`\n]*`/g, '');
  assert.doesNotMatch(md, /(?<!\\)</);
  assert.ok(md.includes('\\>\\<svg onload=alert(1)\\>'));
});

test('CSV quotes commas, quotes and line breaks (RFC 4180) and round-trips them', () => {
  const title = 'Commas, "quotes" and\nline breaks';
  const root = tempWorkspace({
    'security/requirements.yaml': `requirements:\n  - id: SR-1\n    title: ${JSON.stringify(title)}\n    activities: ["5.2.1"]\n`,
    'src/a.ts': '/** @implements SR-1 */\nexport const a = 1;\n',
  });
  const { files } = buildEvidenceReport(root, { sourceDateEpoch: EPOCH });
  const csv = files.find((f) => f.name === 'trace-matrix.csv')!.content;
  assert.ok(csv.includes('"Commas, ""quotes"" and\nline breaks"'));
  assert.ok(csv.endsWith('\r\n'));
  const rows = parseCsv(csv);
  assert.equal(rows.length, 2);
  assert.equal(rows[1][4], title);
  assert.equal(rows[1][7], 'src/a.ts:1 (a)');
});

test('writing leaves unrelated files of the output folder alone and replaces its own', () => {
  const root = tempWorkspace({ 'src/a.ts': 'export const a = 1;\n' });
  const out = tempWorkspace({ 'notes.txt': 'keep me\n', 'index.html': 'old report', 'archive/2025/index.html': 'last year' });
  writeEvidenceReport(root, out, { sourceDateEpoch: EPOCH });
  assert.equal(readOut(out, 'notes.txt'), 'keep me\n');
  assert.equal(readOut(out, 'archive/2025/index.html'), 'last year');
  assert.match(readOut(out, 'index.html'), /^<!doctype html>/);
  assert.deepEqual(fs.readdirSync(out).sort(), ['archive', ...EVIDENCE_FILES, 'notes.txt'].sort());
});

test('the output folder is created, nested folders included', () => {
  const root = tempWorkspace({ 'src/a.ts': 'export const a = 1;\n' });
  const out = path.join(tempDir(), 'evidence', 'release-2.3');
  const files = writeEvidenceReport(root, out, { sourceDateEpoch: EPOCH });
  for (const f of files) assert.ok(fs.existsSync(f));
});
