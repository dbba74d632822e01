import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readLockfile, readManifest } from '../../src/core/soup/packages';
import { loadModelText, ModelKind, modelPatterns } from '../../src/core/trace/model';
import { extractTags } from '../../src/core/trace/tags';
import { config } from './helpers';

function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const PIECES = ['@implements SR-1', '@verifies SR-2', '@mitigates TH-3', '//', '/*', '*/', '/**', '\n', '\r\n', '"', "'", '`', '${', '}', '{', '(', ')', '<div>', '</div>', '/re/', 'it.skip(', 'describe(', 'function f() ', '=>', ';', ',', ' ', '\t', '\uFEFF', '\u2028', 'x', '0', '#', ':', '- ', '  ', '[', ']', '|', '>', '&a', '*a', '!!str', '---', '...', '%YAML', 'requirements:', 'id:', 'title:', '\\', '\u0000'];

test('extractTags never throws, whatever the text', () => {
  const rnd = random(81001);
  const c = config();
  for (let i = 0; i < 1500; i++) {
    let text = '';
    const n = Math.floor(rnd() * 60);
    for (let k = 0; k < n; k++) text += PIECES[Math.floor(rnd() * PIECES.length)];
    for (const file of ['src/a.ts', 'src/a.tsx', 'test/a.test.js']) {
      const tags = extractTags(file, text, c);
      for (const t of tags) assert.ok(t.line >= 1 && t.column >= 1, JSON.stringify(text));
    }
  }
});

test('extractTags survives code nested far beyond the parser stack', () => {
  const deep = `// @implements SR-1\nconst x = ${'('.repeat(50_000)}1${')'.repeat(50_000)};\n`;
  assert.doesNotThrow(() => extractTags('src/deep.ts', deep, config()));
});

test('model, manifest and lockfile readers never throw, whatever the text', () => {
  const rnd = random(62304);
  const P = modelPatterns('SR-\\d+', 'TH-\\d+');
  const kinds: ModelKind[] = ['requirements', 'threats', 'soup', 'activities'];
  for (let i = 0; i < 1500; i++) {
    let text = kinds[i % 4] === 'soup' ? 'components:\n' : `${kinds[i % 4]}:\n`;
    const n = Math.floor(rnd() * 40);
    for (let k = 0; k < n; k++) text += PIECES[Math.floor(rnd() * PIECES.length)];
    const m = loadModelText(kinds[i % 4], 'security/x.yaml', text, P);
    for (const g of m.problems) assert.ok(g.line >= 1 && g.column >= 1 && g.file === 'security/x.yaml');
    assert.doesNotThrow(() => readManifest('package.json', text));
    assert.doesNotThrow(() => readLockfile('package-lock.json', text));
  }
});
