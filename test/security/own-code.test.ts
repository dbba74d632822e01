import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createAnalysisContext } from '../../src/core/analysis/context';
import { defaultConfig } from '../../src/core/workspace/config';
import { scanWorkspace } from '../../src/core/workspace/scan';
import { Binding } from '../../src/core/analysis/binder';
import { parseSource } from '../../src/core/analysis/engine';

const ROOT = path.join(__dirname, '..', '..');

function sourceFiles(dir: string, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) sourceFiles(p, out);
    else if (e.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

test('our own sources pass our own injection rules (dogfooding)', () => {
  const ctx = createAnalysisContext({ ...defaultConfig(), include: ['src/**/*.ts'] });
  const result = scanWorkspace(ROOT, ctx, { paths: ['src'] });
  const risky = result.findings.filter((f) => ['command-injection', 'code-injection', 'path-traversal', 'ssrf', 'xss', 'prototype-pollution', 'redos'].includes(f.family));
  assert.deepEqual(
    risky.map((f) => `${f.file}:${f.range.start.line + 1} ${f.ruleId}`),
    [],
  );
  assert.ok(result.filesScanned > 30);
});

test('no network client in the engine, the language server or the CLI: the product never goes online', () => {
  const forbidden = new Set(['http', 'https', 'http2', 'net', 'tls', 'dgram', 'undici', 'node-fetch', 'axios', 'got', 'ws']);
  const offenders: string[] = [];
  for (const file of [...sourceFiles(path.join(ROOT, 'src', 'core')), ...sourceFiles(path.join(ROOT, 'src', 'server')), ...sourceFiles(path.join(ROOT, 'src', 'cli'))]) {
    const binding = new Binding(parseSource(file, fs.readFileSync(file, 'utf8')));
    for (const m of binding.importedModules) if (forbidden.has(m.replace(/^node:/, ''))) offenders.push(`${path.relative(ROOT, file)} imports ${m}`);
    for (const call of binding.candidates.calls) {
      if (call.expression.getText(binding.sourceFile) === 'fetch') offenders.push(`${path.relative(ROOT, file)} calls fetch`);
    }
  }
  assert.deepEqual(offenders, []);
});

test('the bundles run no dynamic code: no eval, and new Function only where ajv compiles our own schemas', () => {
  for (const bundle of ['cli.js', 'server.js', 'extension.js']) {
    const file = path.join(ROOT, 'dist', bundle);
    if (!fs.existsSync(file)) continue; // the server and extension bundles exist once those entry points do
    const text = fs.readFileSync(file, 'utf8');
    assert.doesNotMatch(text, /[^.\w]eval\(/, `${bundle} calls eval`);
    const functionCtors = [...text.matchAll(/new Function\(/g)].map((m) => text.slice(Math.max(0, m.index! - 300), m.index!));
    // ajv turns the JSON Schemas shipped in schemas/ into validation functions; no workspace data reaches it.
    for (const before of functionCtors) assert.match(before, /makeValidate|sourceCode/, `${bundle}: unexpected new Function`);
    assert.doesNotMatch(text, /shell:\s*true/, `${bundle} starts a shell`);
  }
});
