// The built-in packs compiled by the build (dist/builtin-packs.json) are what the sources give, and a
// compiled file that no longer matches its sources is never used.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { builtinPackFiles, builtinSourcesDigest, compileBuiltinPacks, compiledPacksIfCurrent, COMPILED_PACKS_FILE } from '../../src/core/rules/loader';
import { makeTempDir } from '../temp-dir';

const root = path.resolve(__dirname, '..', '..');

test('the build compiles the built-in packs exactly as the loader parses them', () => {
  // npm test builds first, so the file is there and must be current.
  const fresh = compileBuiltinPacks();
  const built = JSON.parse(fs.readFileSync(path.join(root, COMPILED_PACKS_FILE), 'utf8'));
  assert.equal(built.digest, fresh.digest, 'dist/builtin-packs.json is stale: run npm run build');
  assert.deepEqual(built.packs, JSON.parse(JSON.stringify(fresh.packs)));
  assert.ok(fresh.packs.reduce((n, p) => n + p.rules.length, 0) >= 50);
});

test('compiled packs are used only while their digest matches the sources', () => {
  const dir = makeTempDir('sbd-compiled-');
  const file = path.join(dir, 'builtin-packs.json');
  const packs = [{ file: 'rules/x.yaml', rules: [], models: {} }];
  fs.writeFileSync(file, JSON.stringify({ digest: 'abc', packs }));
  assert.deepEqual(compiledPacksIfCurrent(file, 'abc'), packs);
  assert.equal(compiledPacksIfCurrent(file, 'abd'), undefined, 'a rule edited after the build');
  fs.writeFileSync(file, '{"digest": "abc", "packs": ');
  assert.equal(compiledPacksIfCurrent(file, 'abc'), undefined, 'a truncated file');
  assert.equal(compiledPacksIfCurrent(path.join(dir, 'missing.json'), 'abc'), undefined);
});

test('the digest changes with any rule pack text', () => {
  const files = builtinPackFiles();
  const dir = makeTempDir('sbd-digest-');
  const copies = files.map((f) => {
    const copy = path.join(dir, path.basename(f));
    fs.copyFileSync(f, copy);
    return copy;
  });
  assert.equal(builtinSourcesDigest(copies), builtinSourcesDigest(files));
  fs.appendFileSync(copies[0], '\n# edited\n');
  assert.notEqual(builtinSourcesDigest(copies), builtinSourcesDigest(files));
});
