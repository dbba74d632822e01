import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAdvisories } from '../../src/core/report/evidence/advisories';
import { buildEvidenceReport, EvidenceReport } from '../../src/core/report/evidence/index';
import { inOsvRange } from '../../src/core/report/evidence/vulnerabilities';
import { InputError } from '../../src/core/types';
import { cycloneDxValidator, EPOCH, FIXTURES, packageWorkspace, SOUP_UNASSESSED } from './helpers';

interface Bom {
  components: { name: string; group?: string; purl: string; 'bom-ref': string; hashes?: { alg: string; content: string }[]; licenses?: unknown[]; externalReferences?: { url: string }[] }[];
  vulnerabilities?: {
    'bom-ref': string;
    id: string;
    source?: { name: string };
    references?: { id: string }[];
    ratings?: { severity: string; score?: number; method?: string }[];
    cwes?: number[];
    analysis?: { state: string; detail: string };
    affects: { ref: string }[];
    properties?: { name: string; value: string }[];
  }[];
}

function build(root: string, advisories?: string): EvidenceReport {
  return buildEvidenceReport(root, { sourceDateEpoch: EPOCH, advisories: advisories && path.join(FIXTURES, advisories) });
}

function file(r: EvidenceReport, name: string): string {
  return r.files.find((f) => f.name === name)!.content;
}

function bomOf(r: EvidenceReport): Bom {
  const bom = JSON.parse(file(r, 'sbom.cdx.json')) as Bom;
  const validate = cycloneDxValidator();
  assert.ok(validate(bom), JSON.stringify(validate.errors?.slice(0, 3)));
  return bom;
}

function unassessed(r: EvidenceReport): string[] {
  return r.data.gaps.filter((g) => g.kind === 'soup-unassessed-vulnerability').map((g) => `${g.id} ${g.file}:${g.line}:${g.column}`);
}

test('npm audit: the affected shipped component is marked and, unassessed, is a gap at its SOUP entry', () => {
  const root = packageWorkspace(SOUP_UNASSESSED);
  const r = build(root, 'npm-audit.json');
  assert.equal(r.data.advisories?.format, 'npm-audit');
  assert.deepEqual(unassessed(r), ['GHSA-2222-3333-4444 security/soup.yaml:2:11']);
  const gap = r.data.gaps.find((g) => g.kind === 'soup-unassessed-vulnerability')!;
  assert.match(gap.message, /^left-pad 1\.3\.0 is affected by GHSA-2222-3333-4444 \(high: Padding overflow in left-pad \(fictional test advisory\)\) and security\/soup\.yaml has no assessment of it/);
  // The dev-only package is not shipped: listed, never a gap, never in the SBOM.
  assert.deepEqual(
    r.data.vulnerabilities.notShipped.map((n) => `${n.advisory.id} ${n.reason}`),
    ['GHSA-5555-6666-7777 development dependency only (not shipped)'],
  );
  assert.equal(r.data.summary.knownVulnerabilities, 1);
  assert.equal(r.data.summary.unassessedVulnerabilities, 1);
  assert.equal(r.data.summary.gapsByKind['soup-unassessed-vulnerability'], 1);

  const bom = bomOf(r);
  assert.equal(bom.vulnerabilities?.length, 1);
  const v = bom.vulnerabilities![0];
  assert.equal(v.id, 'GHSA-2222-3333-4444');
  assert.deepEqual(v.affects, [{ ref: 'pkg:npm/left-pad@1.3.0' }]);
  assert.ok(bom.components.some((c) => c['bom-ref'] === v.affects[0].ref));
  assert.deepEqual(v.ratings, [{ severity: 'high', score: 7.5, method: 'CVSSv31', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H' }]);
  assert.deepEqual(v.cwes, [400]);
  assert.equal(v.analysis, undefined);
  assert.deepEqual(v.properties, [{ name: 'sbd:assessed', value: 'false' }]);
  assert.ok(!bom.components.some((c) => c.name === 'test-runner'));

  const html = file(r, 'index.html');
  const row = html.slice(html.indexOf('<tr><td><code>left-pad</code>'));
  assert.match(row.slice(0, row.indexOf('</tr>')), /<code>GHSA-2222-3333-4444<\/code> <span class="error">high<\/span> Padding overflow[^<]*— <span class="badge bad">not assessed<\/span>/);
  assert.match(html, /Known vulnerabilities<\/div><div class="n bad">1<\/div><div class="muted">1 not assessed · 0 exploitable/);
  // The SOUP clauses cannot be "covered" while a known vulnerability is unassessed.
  for (const id of ['4.1.5', '5.2.3', '6.2.1']) {
    const a = r.data.activities.find((x) => x.id === id)!;
    assert.notEqual(a.status, 'covered', id);
    assert.match(a.detail, /1 of 1 known vulnerabilities not assessed in security\/soup\.yaml/);
  }
  assert.match(file(r, 'summary.md'), /^\| Known vulnerabilities \| 1 \(1 not assessed, 0 exploitable\) \|$/m);
});

test('npm audit: an assessment with the advisory id closes the gap and becomes the SBOM analysis', () => {
  const root = packageWorkspace(
    SOUP_UNASSESSED.replace(
      '    reviewed: "2026-05-01"\n  - name: "@acme/crypto"',
      `    reviewed: "2026-05-01"
    assessment:
      - id: ghsa-2222-3333-4444
        exploitable: false
        rationale: The console pads only constant strings; no input reaches left-pad.
        date: "2026-05-20"
  - name: "@acme/crypto"`,
    ),
  );
  const r = build(root, 'npm-audit.json');
  assert.deepEqual(unassessed(r), []);
  assert.equal(r.data.summary.unassessedVulnerabilities, 0);
  const v = bomOf(r).vulnerabilities![0];
  assert.deepEqual(v.analysis, { state: 'not_affected', detail: 'The console pads only constant strings; no input reaches left-pad.' });
  assert.deepEqual(v.properties, [{ name: 'sbd:assessment-date', value: '2026-05-20' }]);
  assert.match(file(r, 'index.html'), /<span class="badge ok">not exploitable<\/span> The console pads only constant strings/);
  assert.equal(r.data.activities.find((a) => a.id === '4.1.5')!.status, 'covered');
});

test('npm audit names GHSA ids only: an assessment written with another id gets a hint', () => {
  const root = packageWorkspace(
    SOUP_UNASSESSED.replace(
      '    reviewed: "2026-05-01"\n  - name: "@acme/crypto"',
      '    reviewed: "2026-05-01"\n    assessment:\n      - { id: CVE-2099-0001, exploitable: true, rationale: Being fixed., date: "2026-05-20" }\n  - name: "@acme/crypto"',
    ),
  );
  const r = build(root, 'npm-audit.json');
  assert.match(r.data.gaps.find((g) => g.kind === 'soup-unassessed-vulnerability')!.message, /its assessments name CVE-2099-0001: record the GHSA id, or give OSV JSON, which lists the aliases$/);
});

test('osv-scanner output: the matched package version is marked; an assessment of an alias (CVE) counts', () => {
  const unassessedRun = build(packageWorkspace(SOUP_UNASSESSED), 'osv-scanner.json');
  assert.equal(unassessedRun.data.advisories?.format, 'osv-scanner');
  assert.equal(unassessedRun.data.advisories?.ignored, 1);
  assert.deepEqual(unassessed(unassessedRun), ['GHSA-8888-9999-cccc security/soup.yaml:7:11']);
  const v = bomOf(unassessedRun).vulnerabilities![0];
  assert.deepEqual(v.affects, [{ ref: 'pkg:npm/%40acme/crypto@2.0.0' }]);
  assert.equal(v.ratings![0].severity, 'critical');
  assert.deepEqual(v.references, [{ id: 'CVE-2099-0002', source: { name: 'NVD' } }]);

  const root = packageWorkspace(`${SOUP_UNASSESSED}    assessment:
      - id: CVE-2099-0002
        exploitable: true
        rationale: Keys are derived on the device; update to 2.0.1 planned for release 1.5 (CAPA-12).
        date: "2026-05-21"
`);
  const r = build(root, 'osv-scanner.json');
  assert.deepEqual(unassessed(r), []);
  assert.equal(r.data.summary.exploitableVulnerabilities, 1);
  assert.equal(bomOf(r).vulnerabilities![0].analysis?.state, 'exploitable');
  assert.match(file(r, 'index.html'), /<span class="badge bad">exploitable<\/span> Keys are derived on the device/);
});

test('OSV records: ranges decide which installed versions are affected; a transitive package gets a gap at its lockfile entry', () => {
  const root = packageWorkspace(SOUP_UNASSESSED);
  const records = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'osv-records.json'), 'utf8')) as unknown[];
  records.push({ id: 'OSV-2099-42', summary: 'tiny-dep issue', affected: [{ package: { name: 'tiny-dep', ecosystem: 'npm' }, versions: ['1.0.1'] }] });
  fs.writeFileSync(path.join(root, 'osv.json'), JSON.stringify(records));
  const r = buildEvidenceReport(root, { sourceDateEpoch: EPOCH, advisories: 'osv.json' });
  assert.equal(r.data.advisories?.format, 'osv');
  assert.equal(r.data.advisories?.file, 'osv.json');
  assert.equal(r.data.advisories?.ignored, 1);
  assert.deepEqual(unassessed(r), ['OSV-2099-42 package-lock.json:39:5', 'GHSA-fffg-hhhj-mmmp security/soup.yaml:2:11']);
  assert.match(r.data.gaps.find((g) => g.id === 'OSV-2099-42')!.message, /tiny-dep has no entry in security\/soup\.yaml to assess it/);
  assert.deepEqual(
    r.data.vulnerabilities.notShipped.map((n) => `${n.advisory.id} ${n.reason}`),
    ['GHSA-qqqr-rrrv-wwwx installed 1.0.1, not in the affected versions'],
  );
  const bom = bomOf(r);
  assert.deepEqual(
    bom.vulnerabilities!.map((v) => `${v.id} ${v.affects[0].ref}`),
    ['GHSA-fffg-hhhj-mmmp pkg:npm/left-pad@1.3.0', 'OSV-2099-42 pkg:npm/tiny-dep@1.0.1'],
  );
  // An unregistered transitive component with a known vulnerability shows up in the SOUP table.
  assert.match(file(r, 'index.html'), /<tr><td><code>tiny-dep<\/code><\/td><td class="nowrap">1\.0\.1<\/td><td><span class="badge bad">not registered<\/span><\/td><td class="muted">transitive dependency<\/td>/);
});

test('a single OSV record is accepted too', () => {
  const root = packageWorkspace(SOUP_UNASSESSED);
  const record = (JSON.parse(fs.readFileSync(path.join(FIXTURES, 'osv-records.json'), 'utf8')) as unknown[])[0];
  fs.writeFileSync(path.join(root, 'one.json'), JSON.stringify(record, null, 2));
  const r = buildEvidenceReport(root, { sourceDateEpoch: EPOCH, advisories: 'one.json' });
  assert.deepEqual(unassessed(r), ['GHSA-fffg-hhhj-mmmp security/soup.yaml:2:11']);
});

test('the SBOM: lockfile hashes of every algorithm, licence expressions, no registry credentials', () => {
  const r = build(packageWorkspace(SOUP_UNASSESSED));
  const text = file(r, 'sbom.cdx.json');
  assert.doesNotMatch(text, /s3cr3t|auth=abc123|deploy:/);
  const bom = bomOf(r);
  assert.deepEqual(
    bom.components.map((c) => c.purl),
    ['pkg:npm/%40acme/crypto@2.0.0', 'pkg:npm/left-pad@1.3.0', 'pkg:npm/tiny-dep@1.0.1'],
  );
  const crypto = bom.components[0];
  assert.equal(crypto.group, '@acme');
  assert.deepEqual(crypto.licenses, [{ expression: '(MIT OR Apache-2.0)' }]);
  assert.deepEqual(crypto.externalReferences, [{ url: 'https://npm.acme.example/@acme/crypto/-/crypto-2.0.0.tgz', type: 'distribution' }]);
  assert.equal(bom.components[2].hashes?.[0].alg, 'SHA-1');
  assert.equal(bom.components[2].hashes?.[0].content.length, 40);
  const deps = (JSON.parse(text) as { dependencies: { ref: string; dependsOn?: string[] }[] }).dependencies;
  assert.deepEqual(deps.find((d) => d.ref === 'pkg:npm/left-pad@1.3.0')?.dependsOn, ['pkg:npm/tiny-dep@1.0.1']);
  assert.deepEqual(deps.find((d) => d.ref === 'pkg:npm/pump-console@1.4.0')?.dependsOn, ['pkg:npm/%40acme/crypto@2.0.0', 'pkg:npm/left-pad@1.3.0']);
});

test('without a lockfile the SBOM lists the direct dependencies with the SOUP register versions', () => {
  const root = packageWorkspace(SOUP_UNASSESSED);
  fs.rmSync(path.join(root, 'package-lock.json'));
  const bom = bomOf(build(root));
  assert.deepEqual(
    bom.components.map((c) => c.purl),
    ['pkg:npm/%40acme/crypto@2.0.0', 'pkg:npm/left-pad@1.3.0'],
  );
});

function problem(text: string, file = 'audit.json'): string {
  try {
    parseAdvisories(text, file);
  } catch (e) {
    assert.ok(e instanceof InputError);
    return e.message;
  }
  assert.fail('no error');
}

test('malformed advisories files are reported at file:line:col', () => {
  assert.match(problem('{\n  "vulnerabilities": {\n    "a": { "via": [}\n  }\n}\n'), /^audit\.json:3:20: invalid JSON: Expression or comma expected/);
  assert.equal(problem(''), 'audit.json:1:1: invalid JSON: the file is empty');
  assert.equal(problem('{\n  "advisories": {}\n}'), 'audit.json:2:17: this is the npm 6 audit format; run `npm audit --json` with npm 7 or later');
  assert.equal(problem('{ "vulnerabilities": [] }'), 'audit.json:1:22: "vulnerabilities" must be an object keyed by package name (npm 7+ audit format)');
  assert.equal(problem('{\n "vulnerabilities": {\n  "a": {\n   "via": "x"\n  }\n }\n}'), 'audit.json:4:11: vulnerabilities["a"].via must be a list');
  assert.equal(problem('{ "vulnerabilities": { "a": { "via": [ { "title": "t" } ] } } }'), 'audit.json:1:40: vulnerabilities["a"].via[0] has neither an advisory "url" nor a "source" id');
  assert.equal(problem('[\n  { "summary": "no id" }\n]'), 'audit.json:2:3: OSV record without an "id"');
  assert.equal(problem('{ "id": "GHSA-2222-3333-4444" }'), 'audit.json:1:1: GHSA-2222-3333-4444: an OSV record needs "affected" to name the package');
  assert.equal(problem('{ "hello": 1 }'), 'audit.json:1:1: not an advisories file: expected "vulnerabilities" (npm audit --json), "results" (osv-scanner) or an OSV record with "id"');
  assert.equal(problem('"text"'), 'audit.json:1:1: expected the JSON of `npm audit --json`, osv-scanner or OSV records (an object or an array)');
  assert.equal(problem('{ "error": { "code": "ENOLOCK", "summary": "This command requires an existing lockfile." } }'), 'audit.json:1:12: npm audit failed (ENOLOCK): This command requires an existing lockfile.');
  assert.equal(problem('{ "results": [ { "packages": [ { "package": {} } ] } ] }'), 'audit.json:1:45: results[0].packages[0].package must have a "name"');
});

test('a hostile key in the advisories cannot reach the prototype', () => {
  const parsed = parseAdvisories('{ "vulnerabilities": { "__proto__": { "via": [ { "url": "https://github.com/advisories/GHSA-2222-3333-4444", "name": "x" } ] } } }', 'a.json');
  assert.deepEqual(
    parsed.advisories.map((a) => a.package),
    ['x'],
  );
  assert.equal(({} as Record<string, unknown>).via, undefined);
});

test('OSV range events: introduced / fixed / last_affected, pre-releases, unknown range types', () => {
  const range = (...events: Record<string, string>[]) => ({ type: 'SEMVER', events });
  assert.equal(inOsvRange('1.3.0', range({ introduced: '0' }, { fixed: '1.4.0' })), true);
  assert.equal(inOsvRange('1.4.0', range({ introduced: '0' }, { fixed: '1.4.0' })), false);
  assert.equal(inOsvRange('0.9.0', range({ introduced: '1.0.0' }, { fixed: '1.4.0' })), false);
  assert.equal(inOsvRange('1.5.0', range({ introduced: '1.0.0' }, { last_affected: '1.5.0' })), true);
  assert.equal(inOsvRange('1.5.1', range({ introduced: '1.0.0' }, { last_affected: '1.5.0' })), false);
  assert.equal(inOsvRange('2.1.0', range({ introduced: '1.0.0' }, { fixed: '1.2.0' }, { introduced: '2.0.0' })), true);
  assert.equal(inOsvRange('1.4.0-beta.1', range({ introduced: '0' }, { fixed: '1.4.0' })), true);
  assert.equal(inOsvRange('1.0.0', { type: 'GIT', events: [{ introduced: 'abc' }] }), undefined);
});
