import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkSoup } from '../../src/core/soup/check';
import { readLockfile, readManifest } from '../../src/core/soup/packages';
import { satisfies } from '../../src/core/soup/semver';
import { buildTraceIndex, expandWorkspaces } from '../../src/core/trace/index';
import { loadModelText, modelPatterns } from '../../src/core/trace/model';
import { config, gapList, indexOf, tempWorkspace } from './helpers';

const P = modelPatterns('SR-\\d+', 'TH-\\d+');
const soupYaml = (entries: [string, string][]) => `components:\n${entries.map(([n, v]) => `  - name: "${n}"\n    version: "${v}"\n`).join('')}`;

test('semver: the range forms npm writes', () => {
  const cases: [string, string, boolean | undefined][] = [
    ['1.2.3', '^1.0.0', true], ['2.0.0', '^1.0.0', false], ['0.2.5', '^0.2.3', true], ['0.3.0', '^0.2.3', false],
    ['0.0.3', '^0.0.3', true], ['0.0.4', '^0.0.3', false], ['1.2.9', '~1.2.3', true], ['1.3.0', '~1.2.3', false],
    ['1.2.3', '1.2.3', true], ['1.2.4', '=1.2.3', false], ['1.9.0', '1.x', true], ['2.0.0', '1', false],
    ['1.2.0', '>=1.2.0 <1.3.0', true], ['1.3.0', '>=1.2.0 <1.3.0', false], ['3.0.0', '^1.0.0 || ^3.0.0', true],
    ['1.5.0', '1.2.3 - 1.6', true], ['1.7.0', '1.2.3 - 1.6', false], ['9.9.9', '*', true], ['1.0.0', '', true],
    ['1.0.0-beta.2', '^1.0.0-beta.1', true], ['1.0.1-beta.1', '^1.0.0', false], ['1.0.0', '> 0.9', true],
    ['1.0.0', 'latest', undefined], ['1.0.0', 'github:a/b', undefined], ['1.0.0', 'file:../x', undefined], ['not-semver', '^1.0.0', undefined],
  ];
  for (const [v, r, expected] of cases) assert.equal(satisfies(v, r), expected, `${v} ${r}`);
});

test('package.json: shipped dependency fields with positions; devDependencies only by name', () => {
  const m = readManifest('package.json', '\uFEFF{\n  "name": "app",\n  "dependencies": { "a": "^1.0.0",\n    "@scope/b": "2.x" },\n  "optionalDependencies": { "c": "1.0.0" },\n  "peerDependencies": { "d": ">=1" },\n  "devDependencies": { "e": "1" }\n}\n');
  assert.deepEqual(m.dependencies.map((d) => `${d.field} ${d.name} ${d.spec} ${d.line}:${d.column}`), [
    'dependencies a ^1.0.0 3:21',
    'dependencies @scope/b 2.x 4:5',
    'optionalDependencies c 1.0.0 5:29',
    'peerDependencies d >=1 6:25',
  ]);
  assert.deepEqual(m.devDependencies, ['e']);
  const broken = readManifest('package.json', '{\n  "dependencies": {\n    "a": "1"\n  \n');
  assert.equal(broken.problems[0].kind, 'schema');
  assert.match(broken.problems[0].message, /invalid JSON/);
  assert.ok(broken.problems[0].line >= 4);
});

test('lockfile v3 with scoped packages: versions and mismatches', () => {
  const lock = JSON.stringify({ lockfileVersion: 3, packages: { '': {}, 'node_modules/@scope/b': { version: '2.1.0' }, 'node_modules/a': { version: '1.4.0' }, 'node_modules/a/node_modules/t': { version: '0.1.0' } } });
  const gaps = gapList(
    indexOf({
      'package.json': '{ "dependencies": { "a": "^1.0.0", "@scope/b": "^2.0.0" } }',
      'package-lock.json': lock,
      'security/soup.yaml': soupYaml([['a', '1.4.0'], ['@scope/b', '2.0.0'], ['t', '0.1.0']]),
    }).gaps(),
  );
  // t is transitive: allowed in the register, and its version is checked against what is installed.
  assert.deepEqual(gaps, ['soup-version-mismatch @scope/b security/soup.yaml:5']);
});

test('lockfile v1 (nested dependencies map)', () => {
  const lock = JSON.stringify({ lockfileVersion: 1, dependencies: { a: { version: '1.4.0', dependencies: { t: { version: '0.2.0' } } }, '@scope/b': { version: '2.0.0' }, dev: { version: '1.0.0', dev: true } } });
  const index = indexOf({
    'package.json': '{ "dependencies": { "a": "^1.0.0", "@scope/b": "^2.0.0", "missing": "1.0.0" } }',
    'package-lock.json': lock,
    'security/soup.yaml': soupYaml([['a', '1.3.0'], ['@scope/b', '2.0.0'], ['t', '0.1.0'], ['dev', '1.0.0']]),
  });
  assert.deepEqual(gapList(index.gaps()), [
    'soup-missing missing package.json:1',
    'soup-version-mismatch a security/soup.yaml:3',
    'soup-version-mismatch t security/soup.yaml:7',
    'soup-unused dev security/soup.yaml:8',
  ]);
});

test('without a lockfile the register version must satisfy the package.json range', () => {
  const files = {
    'package.json': '{ "dependencies": { "a": "^1.2.0", "b": "~2.0.0", "g": "github:x/y", "w": "workspace:*", "l": "file:../lib" } }',
    'security/soup.yaml': soupYaml([['a', '1.9.9'], ['b', '2.1.0'], ['g', '0.0.1']]),
  };
  assert.deepEqual(gapList(indexOf(files).gaps()), ['soup-version-mismatch b security/soup.yaml:5']);
});

test('npm workspaces: member packages add shipped dependencies; members themselves are first-party', () => {
  const root = tempWorkspace({
    'package.json': '{ "name": "mono", "workspaces": ["packages/*", "!packages/ignored"], "dependencies": { "a": "^1.0.0" } }',
    'packages/api/package.json': '{\n  "name": "@mono/api",\n  "dependencies": {\n    "@mono/core": "*",\n    "b": "^2.0.0",\n    "c": "^3.0.0"\n  }\n}\n',
    'packages/core/package.json': '{ "name": "@mono/core", "dependencies": { "a": "^1.0.0" } }',
    'packages/ignored/package.json': '{ "name": "ignored", "dependencies": { "zzz": "1.0.0" } }',
    'package-lock.json': JSON.stringify({
      lockfileVersion: 3,
      packages: {
        '': { name: 'mono' },
        'node_modules/@mono/api': { resolved: 'packages/api', link: true },
        'node_modules/@mono/core': { resolved: 'packages/core', link: true },
        'node_modules/a': { version: '1.1.0' },
        'node_modules/b': { version: '2.0.0' },
        'packages/api/node_modules/b': { version: '2.5.0' },
        'node_modules/c': { version: '3.0.0' },
      },
    }),
    'security/soup.yaml': soupYaml([['a', '1.1.0'], ['b', '2.0.0']]),
  });
  assert.deepEqual(expandWorkspaces(root, ['packages/*', '!packages/ignored']), ['packages/api', 'packages/core']);
  const gaps = gapList(buildTraceIndex(root, config()).gaps());
  assert.deepEqual(gaps, ['soup-missing c packages/api/package.json:6', 'soup-version-mismatch b security/soup.yaml:5']);
});

test('no package.json: no SOUP comparison; no soup.yaml: every shipped dependency is missing', () => {
  assert.deepEqual(gapList(indexOf({ 'security/soup.yaml': soupYaml([['a', '1.0.0']]) }).gaps()), []);
  const gaps = indexOf({ 'package.json': '{ "dependencies": { "a": "1.0.0" } }' }).gaps();
  assert.deepEqual(gapList(gaps), ['soup-missing a package.json:1']);
  assert.match(gaps[0].message, /there is no security\/soup.yaml/);
});

test('a broken lockfile is a schema gap, and the range check takes over', () => {
  const index = indexOf({ 'package.json': '{ "dependencies": { "a": "^1.0.0" } }', 'package-lock.json': '{ "lockfileVersion": 3, ', 'security/soup.yaml': soupYaml([['a', '2.0.0']]) });
  assert.deepEqual(gapList(index.gaps()), ['schema package-lock.json package-lock.json:1', 'soup-version-mismatch a security/soup.yaml:3']);
});

test('checkSoup lists the shipped dependencies with locked and registered versions', () => {
  const manifest = readManifest('package.json', '{ "dependencies": { "b": "^1.0.0", "a": "^2.0.0" } }');
  const lockfile = readLockfile('package-lock.json', JSON.stringify({ lockfileVersion: 2, packages: { 'node_modules/a': { version: '2.0.1' }, 'node_modules/b': { version: '1.0.0' } } }));
  const soup = loadModelText('soup', 'security/soup.yaml', soupYaml([['a', '2.0.1']]), P);
  const r = checkSoup({ manifests: [manifest], lockfile, soupFile: 'security/soup.yaml', soupPresent: true, components: soup.entries });
  assert.deepEqual(r.dependencies.map((d) => [d.name, d.locked, d.registered]), [['a', '2.0.1', '2.0.1'], ['b', '1.0.0', undefined]]);
  assert.deepEqual(r.gaps.map((g) => `${g.kind} ${g.id}`), ['soup-missing b']);
});
