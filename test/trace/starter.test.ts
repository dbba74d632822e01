// The starter model of the welcome view: valid model files that trace without gaps, with or without a
// package.json, and never a file that exists already.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { soupStarter, starterModel } from '../../src/core/trace/starter';
import { config, indexOf, kinds, tempWorkspace } from './helpers';

test('without package.json: an empty SOUP register, and the three files trace without gaps', () => {
  const root = tempWorkspace({ 'src/a.ts': 'export {};\n' });
  const files = starterModel(root, config());
  assert.deepEqual(
    files.map((f) => f.file),
    ['security/requirements.yaml', 'security/threats.yaml', 'security/soup.yaml'],
  );
  assert.match(files[2].content, /\ncomponents: \[\]\n$/);
  const index = indexOf(Object.fromEntries(files.map((f) => [f.file, f.content])));
  assert.deepEqual(kinds(index.gaps()), []);
  assert.deepEqual(index.graph().threats.map((t) => [t.id, t.mitigatedBy]), [['TH-1', ['SR-1']]]);
});

test('scoped package names and versions stay YAML strings', () => {
  const yaml = soupStarter([{ name: '@acme/crypto', version: '2.0.0' }, { name: 'yes', version: '1.10' }]);
  const index = indexOf({ 'security/soup.yaml': yaml });
  assert.deepEqual(index.graph().soup.components.map((c) => `${c.name}@${c.version}`), ['@acme/crypto@2.0.0', 'yes@1.10']);
});

test('follows the trace.* paths and leaves existing files out', () => {
  const root = tempWorkspace({ 'model/threats.yaml': 'threats: []\n' });
  const files = starterModel(root, config({ requirements: 'model/reqs.yaml', threats: 'model/threats.yaml', soup: 'model/soup.yaml' }));
  assert.deepEqual(files.map((f) => f.file), ['model/reqs.yaml', 'model/soup.yaml']);
  assert.equal(fs.readFileSync(path.join(root, 'model/threats.yaml'), 'utf8'), 'threats: []\n');
});
