import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractTags, parseForTags } from '../../src/core/trace/tags';
import { Tag } from '../../src/core/trace/types';
import { config } from './helpers';

const C = config();

function brief(tags: Tag[]): string[] {
  return tags.map((t) => {
    const r = t.scope.range;
    const scope = t.scope.wholeFile ? 'file' : `${r.start.line + 1}-${r.end.line + 1}`;
    return `${t.kind} ${t.id} @${t.line}:${t.column} ${scope}${t.scope.name !== undefined ? ` ${t.scope.name}` : ''}${t.skipped ? ' skipped' : ''}`;
  });
}

test('a JSDoc tag covers the declaration it documents, with its name and full range', () => {
  const src = [
    'import { x } from "y";',
    '',
    '/**',
    ' * Checks the token.',
    ' * @implements SR-1, SR-2',
    ' * @mitigates TH-3',
    ' */',
    'export function check(token: string): boolean {',
    '  return token.length > 0;',
    '}',
    'class Vault {',
    '  /** @implements SR-4 */',
    '  seal(data: string) {',
    '    return data;',
    '  }',
    '}',
    '/** @implements SR-5 */',
    'export const limiter = make(), other = 1;',
  ].join('\n');
  assert.deepEqual(brief(extractTags('src/a.ts', src, C)), [
    'implements SR-1 @5:16 8-10 check',
    'implements SR-2 @5:22 8-10 check',
    'mitigates TH-3 @6:15 8-10 check',
    'implements SR-4 @12:19 13-15 seal',
    'implements SR-5 @17:17 18-18 limiter, other',
  ]);
  const t = extractTags('src/a.ts', src, C)[0];
  assert.deepEqual(t.range, { start: { line: 4, character: 15 }, end: { line: 4, character: 19 } });
  assert.equal(t.file, 'src/a.ts');
  assert.equal(t.inTestFile, false);
});

test('line and block comments cover the next statement; trailing comments their own line; block ends the enclosing declaration', () => {
  const src = [
    'const app = express();', // 1
    '// @implements SR-11', // 2
    'app.use(express.json({ limit: "1mb" }));', // 3
    '/* @implements SR-12 */ app.use(helmet());', // 4
    'server.requestTimeout = 30_000; // @implements SR-13', // 5
    'function f() { // @implements SR-14', // 6
    '  run();', // 7
    '  // @implements SR-15', // 8
    '}', // 9
    'if (x) {', // 10
    '  /* @implements SR-16 */', // 11
    '  y();', // 12
    '}', // 13
  ].join('\n');
  assert.deepEqual(brief(extractTags('src/s.ts', src, C)), [
    'implements SR-11 @2:16 3-3 app.use',
    'implements SR-12 @4:16 4-4 app.use',
    'implements SR-13 @5:48 5-5 server.requestTimeout',
    'implements SR-14 @6:31 6-9 f',
    'implements SR-15 @8:18 6-9 f',
    'implements SR-16 @11:18 12-12 y',
  ]);
});

test('a tag at the top of a file that is not attached to a declaration covers the whole file', () => {
  const header = '/**\n * Login routes.\n * @implements SR-1\n */\n\nexport function login() {}\n';
  assert.deepEqual(brief(extractTags('src/h.ts', header, C)), ['implements SR-1 @3:16 file']);
  const beforeImport = '// @implements SR-2\nimport x from "y";\nexport function f() {}\n';
  assert.deepEqual(brief(extractTags('src/h.ts', beforeImport, C)), ['implements SR-2 @1:16 file']);
  const beforeRequire = '// @verifies SR-3\nconst assert = require("node:assert");\n';
  assert.deepEqual(brief(extractTags('test/h.test.js', beforeRequire, C)), ['verifies SR-3 @1:14 file']);
  const useStrict = '/* @implements SR-4 */\n"use strict";\nfoo();\n';
  assert.deepEqual(brief(extractTags('src/h.js', useStrict, C)), ['implements SR-4 @1:16 file']);
  const fileoverview = '/** @fileoverview x\n * @implements SR-5 */\nexport function f() {}\n';
  assert.deepEqual(brief(extractTags('src/h.ts', fileoverview, C)), ['implements SR-5 @2:16 file']);
  const onlyComments = '// @implements SR-6\n';
  assert.deepEqual(brief(extractTags('src/h.ts', onlyComments, C)), ['implements SR-6 @1:16 file']);
  // Directly above the first declaration (no blank line): it documents that declaration.
  const attached = '/** @implements SR-7 */\nexport function f() {}\n';
  assert.deepEqual(brief(extractTags('src/h.ts', attached, C)), ['implements SR-7 @1:17 2-2 f']);
  const range = extractTags('src/h.ts', header, C)[0].scope.range;
  assert.deepEqual(range, { start: { line: 0, character: 0 }, end: { line: 6, character: 0 } });
});

test('ids in strings, templates, regular expressions and JSX text are not tags', () => {
  const src = [
    'const a = "// @implements SR-1";',
    "const b = '/* @implements SR-2 */';",
    'const c = `@implements SR-3 ${d}`;',
    'const e = /@implements SR-4/;',
    'const el = <p>// @implements SR-5</p>;',
    'const f = `${g /* @implements SR-6 */}`;',
  ].join('\n');
  assert.deepEqual(brief(extractTags('src/x.tsx', src, C)).map((s) => s.split(' ').slice(0, 2).join(' ')), ['implements SR-6']);
});

test('tag syntax: separators, prose after the ids, look-alikes, JSDoc @implements {Interface}', () => {
  const src = [
    '/** @implements SR-1,SR-2 SR-3 and also SR-4 */ function a() {}',
    '/** @implements {Comparable} */ class B {}',
    '// email@implements SR-5',
    '// @implementsSR-6',
    '// @implements SR-7x',
    '// @implements SR-8.',
    'function c() {}',
    '// @implements: SR-9',
    'function d() {}',
  ].join('\n');
  assert.deepEqual(
    extractTags('src/t.ts', src, C).map((t) => t.id),
    ['SR-1', 'SR-2', 'SR-3', 'SR-8'],
  );
});

test('a tag naming the other kind of id is kept (the graph reports it), custom id patterns work', () => {
  assert.deepEqual(extractTags('src/t.ts', '// @implements TH-1\nf();\n', C).map((t) => `${t.kind} ${t.id}`), ['implements TH-1']);
  const custom = config({ requirementIdPattern: '^REQ-[A-Z]+-\\d{3}$', threatIdPattern: 'HAZ\\d+' });
  assert.deepEqual(extractTags('src/t.ts', '// @implements REQ-AUTH-001, SR-1\n// @mitigates HAZ7\nf();\n', custom).map((t) => t.id), ['REQ-AUTH-001', 'HAZ7']);
});

test('@verifies on skipped tests is marked skipped', () => {
  const src = [
    'describe("suite", () => {',
    '  /** @verifies SR-1 */',
    '  it("runs", () => {});',
    '  /** @verifies SR-2 */',
    '  it.skip("skipped", () => {});',
    '  /** @verifies SR-3 */',
    '  xit("x", () => {});',
    '  /** @verifies SR-4 */',
    '  test.todo("later");',
    '  /** @verifies SR-5 */',
    '  it.skip.each([1, 2])("each %s", () => {});',
    '  /** @verifies SR-6 */',
    '  test("node:test option", { skip: "flaky" }, () => {});',
    '  /** @verifies SR-7 */',
    '  test("not skipped", { skip: false }, () => {});',
    '  it.only("focused", () => {}); // @verifies SR-8',
    '});',
    'describe.skip("off", () => {',
    '  /** @verifies SR-9 */',
    '  it("inner", () => {});',
    '});',
    'xdescribe("off too", () => {',
    '  it("inner", () => {}); // @verifies SR-10',
    '});',
    '/** @verifies SR-11 */',
    'test.describe.skip("playwright", () => {});',
  ].join('\n');
  const tags = extractTags('test/s.test.ts', src, C);
  assert.deepEqual(
    tags.map((t) => `${t.id}${t.skipped ? ' skipped' : ''} ${t.scope.name}`),
    ['SR-1 runs', 'SR-2 skipped skipped', 'SR-3 skipped x', 'SR-4 skipped later', 'SR-5 skipped each %s', 'SR-6 skipped node:test option', 'SR-7 not skipped', 'SR-8 focused', 'SR-9 skipped inner', 'SR-10 skipped inner', 'SR-11 skipped playwright'],
  );
  assert.ok(tags.every((t) => t.inTestFile));
});

test('test files follow trace.testFiles; a file without tags is not parsed', () => {
  assert.equal(extractTags('src/a.ts', '// @verifies SR-1\nf();', C)[0].inTestFile, false);
  assert.equal(extractTags('test/a.ts', '// @verifies SR-1\nf();', C)[0].inTestFile, true);
  assert.equal(extractTags('src/a.spec.js', '// @verifies SR-1\nf();', C)[0].inTestFile, true);
  assert.equal(extractTags('qa/a.ts', '// @verifies SR-1\nf();', config({ testFiles: ['qa/**'] }))[0].inTestFile, true);
  assert.deepEqual(extractTags('src/big.ts', 'const x = 1;\n'.repeat(10), C), []);
});

test('a syntax tree the caller already has is reused; broken code still yields tags', () => {
  const src = '/** @implements SR-1 */\nexport function f() {}\n';
  const sf = parseForTags('src/a.ts', src);
  assert.deepEqual(extractTags('src/a.ts', src, C, sf), extractTags('src/a.ts', src, C));
  const broken = '/** @implements SR-2 */\nexport function f( {\n  // @implements SR-3\n  x = ;\n';
  assert.deepEqual(extractTags('src/b.ts', broken, C).map((t) => t.id), ['SR-2', 'SR-3']);
});

test('CRLF and a BOM do not shift positions', () => {
  const lf = '\n// @implements SR-1\nf();\n';
  const crlf = `\uFEFF${lf.replace(/\n/g, '\r\n')}`;
  const a = extractTags('src/a.ts', lf, C)[0];
  const b = extractTags('src/a.ts', crlf.slice(1), C)[0];
  assert.deepEqual([a.line, a.column, a.range], [b.line, b.column, b.range]);
  assert.equal(a.line, 2);
});
