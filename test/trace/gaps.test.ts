import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gapList, indexOf } from './helpers';

const REQUIREMENTS = `requirements:
  - id: SR-1
    title: Login
    activities: ["5.2.1"]
    mitigates: [TH-1]
    verification: test
    status: implemented
  - id: SR-2
    title: Reviewed process
    activities: ["5.1.2"]
    verification: review
    status: approved
  - id: SR-3
    title: Analysed
    activities: ["5.1.3"]
    mitigates: [TH-2]
    verification: analysis
`;
const THREATS = `threats:
  - id: TH-1
    title: Spoofing
  - id: TH-2
    title: Tampering
  - id: TH-3
    title: Jamming
    accepted: { rationale: pumps alarm locally, approver: Risk lead, date: "2026-01-01" }
`;
const SOUP = `components:
  - name: express
    version: "5.3.0"
`;
const PACKAGE = `{
  "name": "app",
  "dependencies": {
    "express": "^5.0.0"
  },
  "devDependencies": { "typescript": "5.9.3" }
}
`;
const LOCK = JSON.stringify({
  lockfileVersion: 3,
  packages: { '': { name: 'app' }, 'node_modules/express': { version: '5.3.0' }, 'node_modules/typescript': { version: '5.9.3', dev: true } },
});
const LOGIN = `/** @implements SR-1 */
export function login() {}

/** @implements SR-3 */
export const checked = 1; // @mitigates TH-1
`;
const LOGIN_TEST = `describe('login', () => {
  /** @verifies SR-1 */
  it('logs in', () => {});
});
`;

function base(overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const files: Record<string, string | undefined> = {
    'security/requirements.yaml': REQUIREMENTS,
    'security/threats.yaml': THREATS,
    'security/soup.yaml': SOUP,
    'security/activities.yaml': 'activities:\n  - id: "5.7.4"\n    evidence: pentest report\n',
    'package.json': PACKAGE,
    'package-lock.json': LOCK,
    'src/login.ts': LOGIN,
    'test/login.test.ts': LOGIN_TEST,
    ...overrides,
  };
  return Object.fromEntries(Object.entries(files).filter((e): e is [string, string] => e[1] !== undefined));
}

const gapsOf = (overrides: Record<string, string | undefined> = {}) => gapList(indexOf(base(overrides)).gaps());

test('a consistent workspace has no gaps', () => {
  assert.deepEqual(gapsOf(), []);
});

test('schema: a malformed entry is reported at its line; duplicate-id likewise', () => {
  const bad = REQUIREMENTS.replace('    status: implemented\n', '    status: done\n');
  assert.deepEqual(gapsOf({ 'security/requirements.yaml': bad }), ['schema SR-1 security/requirements.yaml:7']);
  const dup = `${REQUIREMENTS}  - id: SR-2\n    title: again\n    activities: ["5.2.1"]\n`;
  assert.deepEqual(gapsOf({ 'security/requirements.yaml': dup }), ['duplicate-id SR-2 security/requirements.yaml:18']);
});

test('unknown-id: tags, mitigates and clause ids that name nothing', () => {
  assert.deepEqual(gapsOf({ 'src/extra.ts': '// @implements SR-99\nf();\n' }), ['unknown-id SR-99 src/extra.ts:1']);
  assert.deepEqual(gapsOf({ 'src/extra.ts': '// @mitigates TH-99\nf();\n' }), ['unknown-id TH-99 src/extra.ts:1']);
  assert.deepEqual(gapsOf({ 'test/extra.test.ts': '// @verifies SR-42\nit("x", () => {});\n' }), ['unknown-id SR-42 test/extra.test.ts:1']);
  const wrongKind = indexOf(base({ 'src/extra.ts': '// @implements TH-1\nf();\n' })).gaps();
  assert.deepEqual(gapList(wrongKind), ['unknown-id TH-1 src/extra.ts:1']);
  assert.match(wrongKind[0].message, /TH-1 is a threat; use @mitigates/);
  const mitigates = REQUIREMENTS.replace('mitigates: [TH-2]', 'mitigates: [TH-2, TH-9]');
  assert.deepEqual(gapsOf({ 'security/requirements.yaml': mitigates }), ['unknown-id TH-9 security/requirements.yaml:16']);
  const clause = REQUIREMENTS.replace('activities: ["5.1.2"]', 'activities: ["5.1.2", "5.9.9"]');
  assert.deepEqual(gapsOf({ 'security/requirements.yaml': clause }), ['unknown-id 5.9.9 security/requirements.yaml:10']);
  assert.deepEqual(gapsOf({ 'security/activities.yaml': 'activities:\n  - id: "10.1"\n    evidence: x\n' }), ['unknown-id 10.1 security/activities.yaml:2']);
});

test('misplaced-tag: @verifies outside tests and @implements inside tests do not count', () => {
  assert.deepEqual(gapsOf({ 'src/extra.ts': '// @verifies SR-1\nf();\n' }), ['misplaced-tag SR-1 src/extra.ts:1']);
  assert.deepEqual(gapsOf({ 'test/helpers.ts': '/** @implements SR-2 */\nexport function h() {}\n' }), ['misplaced-tag SR-2 test/helpers.ts:1']);
  // The misplaced tag was the only one: the requirement also becomes unimplemented.
  assert.deepEqual(gapsOf({ 'src/login.ts': undefined, 'test/login.test.ts': `/** @implements SR-1 */\n${LOGIN_TEST}`, 'src/other.ts': '/** @implements SR-3 */\nexport const c = 1;\n' }), [
    'unimplemented SR-1 security/requirements.yaml:2',
    'misplaced-tag SR-1 test/login.test.ts:1',
  ]);
});

test('no-activity: a requirement citing no clause', () => {
  const none = REQUIREMENTS.replace('    activities: ["5.1.2"]\n', '');
  assert.deepEqual(gapsOf({ 'security/requirements.yaml': none }), ['no-activity SR-2 security/requirements.yaml:8']);
  const empty = REQUIREMENTS.replace('activities: ["5.1.2"]', 'activities: []');
  assert.deepEqual(gapsOf({ 'security/requirements.yaml': empty }), ['no-activity SR-2 security/requirements.yaml:8']);
});

test('unimplemented: test and analysis requirements need @implements; review, inspection and drafts do not', () => {
  assert.deepEqual(gapsOf({ 'src/login.ts': LOGIN.replace('/** @implements SR-1 */', '/** Login. */') }), ['unimplemented SR-1 security/requirements.yaml:2']);
  assert.deepEqual(gapsOf({ 'src/login.ts': LOGIN.replace('/** @implements SR-3 */', '') }), ['unimplemented SR-3 security/requirements.yaml:13']);
  // SR-2 (review) has no @implements anywhere in the base workspace: no gap.
  const inspection = REQUIREMENTS.replace('verification: review', 'verification: inspection');
  assert.deepEqual(gapsOf({ 'security/requirements.yaml': inspection }), []);
  const draft = REQUIREMENTS.replace('status: implemented', 'status: draft');
  assert.deepEqual(gapsOf({ 'security/requirements.yaml': draft, 'src/login.ts': LOGIN.replace('/** @implements SR-1 */', ''), 'test/login.test.ts': '' }), []);
  // No verification written means test: it needs code and a test.
  const implicit = REQUIREMENTS.replace('    verification: review\n', '');
  assert.deepEqual(gapsOf({ 'security/requirements.yaml': implicit }), ['unimplemented SR-2 security/requirements.yaml:8', 'unverified SR-2 security/requirements.yaml:8']);
});

test('unverified: test requirements need an active @verifies; analysis ones do not', () => {
  assert.deepEqual(gapsOf({ 'test/login.test.ts': LOGIN_TEST.replace('/** @verifies SR-1 */', '') }), ['unverified SR-1 security/requirements.yaml:2']);
  // SR-3 (analysis) has no @verifies in the base workspace: no gap.
  const obsolete = REQUIREMENTS.replace('status: implemented', 'status: obsolete');
  assert.deepEqual(gapsOf({ 'security/requirements.yaml': obsolete, 'test/login.test.ts': '', 'src/login.ts': LOGIN.replace('/** @implements SR-1 */', '') }), [
    'unmitigated-threat TH-1 security/threats.yaml:2',
  ]);
});

test('skipped-verification: a @verifies on a skipped test, and unverified when it was the only one', () => {
  const skipped = LOGIN_TEST.replace("it('logs in'", "it.skip('logs in'");
  assert.deepEqual(gapsOf({ 'test/login.test.ts': skipped }), ['unverified SR-1 security/requirements.yaml:2', 'skipped-verification SR-1 test/login.test.ts:2']);
  const oneSkipped = `${skipped}/** @verifies SR-1 */\ntest('also logs in', () => {});\n`;
  assert.deepEqual(gapsOf({ 'test/login.test.ts': oneSkipped }), ['skipped-verification SR-1 test/login.test.ts:2']);
});

test('unmitigated-threat: no mitigating requirement and no complete acceptance', () => {
  const noMitigation = REQUIREMENTS.replace('    mitigates: [TH-2]\n', '');
  assert.deepEqual(gapsOf({ 'security/requirements.yaml': noMitigation }), ['unmitigated-threat TH-2 security/threats.yaml:4']);
  const incomplete = THREATS.replace(', approver: Risk lead', '');
  assert.deepEqual(gapsOf({ 'security/threats.yaml': incomplete }), ['unmitigated-threat TH-3 security/threats.yaml:6', 'schema TH-3 security/threats.yaml:8']);
  // @mitigates in code alone is not a mitigation: it needs a requirement.
  const codeOnly = indexOf(base({ 'security/requirements.yaml': noMitigation, 'src/extra.ts': '// @mitigates TH-2\nf();\n' })).gaps();
  assert.deepEqual(gapList(codeOnly), ['unmitigated-threat TH-2 security/threats.yaml:4']);
  assert.match(codeOnly[0].message, /still needs a requirement/);
});

test('soup-missing, soup-unused, soup-version-mismatch (and devDependencies are not SOUP)', () => {
  const pkg = PACKAGE.replace('"express": "^5.0.0"', '"express": "^5.0.0",\n    "escape-html": "^1.0.3"');
  assert.deepEqual(gapsOf({ 'package.json': pkg }), ['soup-missing escape-html package.json:5']);
  assert.deepEqual(gapsOf({ 'security/soup.yaml': `${SOUP}  - name: moment\n    version: "2.30.1"\n` }), ['soup-unused moment security/soup.yaml:4']);
  assert.deepEqual(gapsOf({ 'security/soup.yaml': SOUP.replace('5.3.0', '5.1.0') }), ['soup-version-mismatch express security/soup.yaml:3']);
  const devOnly = indexOf(base({ 'security/soup.yaml': `${SOUP}  - name: typescript\n    version: "5.9.3"\n` })).gaps();
  assert.deepEqual(gapList(devOnly), ['soup-unused typescript security/soup.yaml:4']);
  assert.match(devOnly[0].message, /only a devDependency/);
});

test('every gap names a file, a 1-based line and column, and a 0-based range', () => {
  const gaps = indexOf(base({ 'src/extra.ts': '\n  // @implements SR-99\nf();\n' })).gaps();
  assert.deepEqual(
    gaps.map((g) => [g.line, g.column, g.range.start.line, g.range.start.character, g.range.end.character]),
    [[2, 18, 1, 17, 22]],
  );
});
