import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModelText, modelPatterns } from '../../src/core/trace/model';

const P = modelPatterns('SR-\\d+', 'TH-\\d+');
const RF = 'security/requirements.yaml';

const REQS = `# comment
requirements:
  - id: SR-1
    title: Authenticated access
    text: >-
      Every request shall carry
      a valid token.
    activities: ["5.2.1", "5.4.3"]
    fr: [FR1]
    cwe: [287, "CWE-306"]
    mitigates: [TH-1]
    verification: test
    status: implemented
  - id: SR-2
    title: Second
    activities: ["5.2.1"]
`;

test('requirements load with values and 1-based positions of ids and list items', () => {
  const m = loadModelText('requirements', RF, REQS, P);
  assert.deepEqual(m.problems, []);
  assert.equal(m.entries.length, 2);
  const [r1, r2] = m.entries;
  assert.equal(r1.id, 'SR-1');
  assert.equal(r1.text, 'Every request shall carry a valid token.');
  assert.deepEqual(r1.cwe, [287, 306]);
  assert.deepEqual(r1.fr, ['FR1']);
  assert.deepEqual({ line: r1.loc.line, column: r1.loc.column }, { line: 3, column: 9 });
  assert.deepEqual(r1.loc.range, { start: { line: 2, character: 8 }, end: { line: 2, character: 12 } });
  assert.deepEqual(r1.activityLocs.map((l) => [l.line, l.column]), [[8, 18], [8, 27]]);
  assert.deepEqual(r1.mitigatesLocs.map((l) => [l.line, l.column]), [[11, 17]]);
  assert.equal(r2.verification, undefined);
  assert.equal(r2.loc.line, 14);
});

test('threats, SOUP and activities load', () => {
  const t = loadModelText('threats', 'security/threats.yaml', 'threats:\n  - id: TH-1\n    title: Spoofing\n    stride: [spoofing, tampering]\n    accepted:\n      rationale: low\n      approver: QA\n      date: 2026-01-02\n  - id: TH-2\n    title: x\n    stride: repudiation\n', P);
  assert.deepEqual(t.problems, []);
  assert.deepEqual(t.entries[0].stride, ['spoofing', 'tampering']);
  assert.deepEqual(t.entries[0].accepted, { rationale: 'low', approver: 'QA', date: '2026-01-02' });
  assert.deepEqual(t.entries[1].stride, ['repudiation']);
  const s = loadModelText('soup', 'security/soup.yaml', 'components:\n  - name: "@scope/pkg"\n    version: "1.10.0"\n    assessment:\n      - { id: CVE-1, exploitable: false, rationale: n/a, date: "2026-01-01" }\n', P);
  assert.deepEqual(s.problems, []);
  assert.equal(s.entries[0].name, '@scope/pkg');
  assert.equal(s.entries[0].versionLoc?.line, 3);
  assert.equal(s.entries[0].assessment[0].id, 'CVE-1');
  const a = loadModelText('activities', 'security/activities.yaml', 'activities:\n  - id: "5.7.4"\n    evidence: pentest\n    document: docs/p.pdf\n', P);
  assert.deepEqual(a.problems, []);
  assert.equal(a.entries[0].document, 'docs/p.pdf');
});

test('malformed YAML is a schema gap at its line; entries before it still load', () => {
  const text = 'requirements:\n  - id: SR-1\n    title: ok\n    activities: ["5.2.1"]\n  - id: SR-2\n    title: "unterminated\n';
  const m = loadModelText('requirements', RF, text, P);
  assert.ok(m.problems.length >= 1);
  assert.ok(m.problems.every((g) => g.kind === 'schema' && g.file === RF && g.line >= 1));
  assert.ok(m.problems.some((g) => g.line === 6 || g.line === 7), JSON.stringify(m.problems));
  assert.equal(m.entries[0].id, 'SR-1');
});

test('a wrong type, an unknown key and a bad enum each name the file, line and column; the entry keeps its valid fields', () => {
  const text = 'requirements:\n  - id: SR-1\n    title: 42\n    activities: ["5.2.1", 4.2]\n    verifcation: test\n    status: done\n  - id: SR-2\n    title: fine\n    activities: ["5.2.1"]\n';
  const m = loadModelText('requirements', RF, text, P);
  const msgs = m.problems.map((g) => `${g.kind} ${g.id} ${g.line}:${g.column} ${g.message}`);
  assert.deepEqual(msgs, [
    'schema SR-1 3:12 SR-1: title must be text',
    'schema SR-1 4:27 SR-1: activities[1] must be text (quote clause ids, e.g. "4.2")',
    'schema SR-1 5:5 SR-1: unknown field "verifcation" (did you mean "verification"?)',
    'schema SR-1 6:13 SR-1: status must be one of draft, approved, implemented, verified, obsolete',
  ]);
  assert.equal(m.entries.length, 2);
  assert.equal(m.entries[0].title, '');
  assert.deepEqual(m.entries[0].activities, ['5.2.1']);
  assert.equal(m.entries[0].status, undefined);
  assert.equal(m.entries[1].title, 'fine');
});

test('an entry without a usable id is reported and skipped; a missing field is named', () => {
  const m = loadModelText('requirements', RF, 'requirements:\n  - title: no id\n  - just a string\n  - id: SR-3\n', P);
  assert.deepEqual(
    m.problems.map((g) => `${g.id} ${g.line} ${g.message}`),
    ['requirements[0] 2 requirement 1: missing required field "id"', 'requirements[1] 3 requirement 2: the entry must be a mapping', 'SR-3 4 SR-3: missing required field "title"'],
  );
  assert.deepEqual(m.entries.map((e) => e.id), ['SR-3']);
});

test('a duplicate id is a duplicate-id gap at the second one; the first wins', () => {
  const m = loadModelText('requirements', RF, 'requirements:\n  - id: SR-1\n    title: first\n  - id: SR-1\n    title: second\n', P);
  assert.deepEqual(m.problems.map((g) => `${g.kind} ${g.id} ${g.line} ${g.message}`), ['duplicate-id SR-1 4 SR-1 is defined twice (first at line 2); the later entry is ignored']);
  assert.deepEqual(m.entries.map((e) => e.title), ['first']);
  const soup = loadModelText('soup', 'security/soup.yaml', 'components:\n  - { name: a, version: "1.0.0" }\n  - { name: a, version: "2.0.0" }\n', P);
  assert.deepEqual(soup.problems.map((g) => g.kind), ['duplicate-id']);
});

test('an id that does not match the configured pattern is reported but kept', () => {
  const m = loadModelText('requirements', RF, 'requirements:\n  - id: REQ-1\n    title: t\n', P);
  assert.match(m.problems[0].message, /does not match trace.requirementIdPattern/);
  assert.equal(m.entries.length, 1);
  const custom = loadModelText('requirements', RF, 'requirements:\n  - id: REQ-1\n    title: t\n', modelPatterns('^REQ-[0-9]+$', 'TH-\\d+'));
  assert.deepEqual(custom.problems, []);
});

test('a BOM and CRLF line ends load cleanly with correct positions', () => {
  const text = `\uFEFF${REQS.replace(/\n/g, '\r\n')}`;
  const m = loadModelText('requirements', RF, text, P);
  assert.deepEqual(m.problems, []);
  assert.equal(m.entries[0].text, 'Every request shall carry a valid token.');
  assert.deepEqual([m.entries[0].loc.line, m.entries[0].loc.column], [3, 9]);
  assert.deepEqual([m.entries[1].loc.line, m.entries[1].loc.column], [14, 9]);
  const bad = loadModelText('requirements', RF, '\uFEFFrequirements:\r\n  - id: SR-1\r\n    title: [unclosed\r\n', P);
  assert.ok(bad.problems.some((g) => g.message.startsWith('YAML') && g.line >= 3 && g.line <= 4), JSON.stringify(bad.problems));
});

test('file shape: wrong top-level key, not a mapping, list of the wrong type, empty file', () => {
  assert.deepEqual(loadModelText('threats', 't.yaml', 'threat:\n  - id: TH-1\n', P).problems.map((g) => g.message), [
    'unknown top-level key "threat" (this file holds one "threats:" list)',
    'missing the top-level "threats:" list',
  ]);
  assert.match(loadModelText('threats', 't.yaml', '- id: TH-1\n', P).problems[0].message, /must be a mapping/);
  assert.match(loadModelText('threats', 't.yaml', 'threats: none\n', P).problems[0].message, /must be a list/);
  assert.deepEqual(loadModelText('threats', 't.yaml', '', P).problems, []);
  assert.deepEqual(loadModelText('threats', 't.yaml', 'threats:\n', P).problems, []);
});

test('threat acceptance must be complete; mitigatedBy is derived, not written', () => {
  const t = loadModelText('threats', 't.yaml', 'threats:\n  - id: TH-1\n    title: x\n    mitigatedBy: [SR-1]\n    accepted:\n      rationale: r\n      date: 26-1-1\n', P);
  assert.deepEqual(t.problems.map((g) => `${g.line} ${g.message}`), [
    '4 TH-1: unknown field "mitigatedBy": it is derived from the requirements\' "mitigates" lists, remove it here',
    '5 TH-1: missing required field "approver" in accepted',
    '7 TH-1: accepted.date must be a date written YYYY-MM-DD',
  ]);
  assert.equal(t.entries[0].accepted, undefined);
});

test('SOUP versions must be text: an unquoted 1.10 is caught', () => {
  const s = loadModelText('soup', 's.yaml', 'components:\n  - name: x\n    version: 1.10\n', P);
  assert.deepEqual(s.problems.map((g) => g.message), ['x: version must be text (quote versions, e.g. "1.10")']);
});

// Speed belongs in the benchmark; here the timeout only catches a hang or quadratic blow-up.
test('a 50,000-entry requirements file loads completely, with every entry located', { timeout: 60_000 }, () => {
  let text = 'requirements:\n';
  for (let i = 1; i <= 50_000; i++) {
    text += `  - id: SR-${i}\n    title: Requirement ${i}\n    text: >-\n      The product shall do thing ${i}.\n    activities: ["5.2.1"]\n    mitigates: [TH-${(i % 40) + 1}]\n    verification: test\n    status: approved\n`;
  }
  const m = loadModelText('requirements', RF, text, P);
  assert.equal(m.entries.length, 50_000);
  assert.deepEqual(m.problems, []);
  assert.equal(m.entries[49_999].loc.line, 8 * 49_999 + 2);
});
