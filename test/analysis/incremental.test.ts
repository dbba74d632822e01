import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Binding, bindFile } from '../../src/core/analysis/binder';
import { createAnalysisContext } from '../../src/core/analysis/context';
import { analyzeSource, parseSource, reparseSource } from '../../src/core/analysis/engine';
import ts from '../../src/core/typescript';
import { prng } from '../../bench/edit-latency';

const ctx = createAnalysisContext();
const BASE = `import express from 'express';
import { exec } from 'node:child_process';
const app = express();
app.get('/ping', (req, res) => {
  exec(\`ping -c 1 \${req.query.host}\`);
  res.json({ ok: true });
});
export const agent = { rejectUnauthorized: false };
`;

test('reparsing with the previous tree gives exactly the findings of a fresh parse', () => {
  let text = BASE;
  let previous = analyzeSource({ relPath: 'a.ts', text }, ctx).sourceFile;
  const edits: ((t: string) => string)[] = [
    (t) => t.replace('ping -c 1', 'ping -c 2'),
    (t) => t.replace("res.json({ ok: true });", "res.json({ ok: true });\n  exec('ls');"),
    (t) => t.replace('rejectUnauthorized: false', 'rejectUnauthorized: true'),
    (t) => `// header\n${t}`,
    (t) => t.replace('req.query.host', 'process.argv[2]'),
    (t) => t.slice(0, t.length - 20), // a syntax error mid-edit
    (t) => `${t}rue };\n`,
  ];
  for (const edit of edits) {
    text = edit(text);
    const incremental = analyzeSource({ relPath: 'a.ts', text }, ctx, { previous });
    const fresh = analyzeSource({ relPath: 'a.ts', text }, ctx);
    assert.deepEqual(incremental.findings, fresh.findings);
    assert.equal(incremental.syntaxErrors, fresh.syntaxErrors);
    previous = incremental.sourceFile;
  }
  assert.ok(analyzeSource({ relPath: 'a.ts', text }, ctx).findings.some((f) => f.ruleId === 'SBD-CMD-001'));
});

/** Edits that move code between nesting levels, split and join statements, and break and mend the syntax. */
function randomEdit(text: string, rand: () => number): string {
  const at = Math.floor(rand() * (text.length + 1));
  const pieces = ['{', '}', '(', ')', ';', '\n', 'x', "'", '`', '/*', '*/', '//', 'function f() {', 'exec(req.query.x);', 'const a = 1;', '=', ','];
  switch (Math.floor(rand() * 5)) {
    case 0:
      return text.slice(0, at) + pieces[Math.floor(rand() * pieces.length)] + text.slice(at);
    case 1:
      return text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(rand() * 12)));
    case 2: {
      // Move a line elsewhere: a statement may leave or enter a block.
      const lines = text.split('\n');
      const [line] = lines.splice(Math.floor(rand() * lines.length), 1);
      lines.splice(Math.floor(rand() * (lines.length + 1)), 0, line);
      return lines.join('\n');
    }
    case 3: {
      const lines = text.split('\n');
      const i = Math.floor(rand() * lines.length);
      lines.splice(i, 0, lines[i]);
      return lines.join('\n');
    }
    default:
      return `${text.slice(0, at)}\n${text.slice(at)}`;
  }
}

const listed = (b: Binding) =>
  Object.entries(b.candidates).map(([list, nodes]) => `${list}: ${(nodes as { node?: ts.Node; pos?: number; kind?: number }[]).map((n) => { const x = (n.node ?? n) as ts.Node; return `${x.kind}@${x.pos}-${x.end}`; }).join(' ')}`);

test('an edited file (editing mode: statements, their bindings and their matches reused from the last version) binds and analyses exactly like a fresh parse', () => {
  // The rule fixtures and the accuracy corpus: every rule family, real handler code, broken syntax.
  const files = [path.join(__dirname, '..', 'fixtures', 'rules'), path.join(__dirname, '..', '..', 'bench', 'corpus')].flatMap((root) =>
    fs
      .readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.(ts|tsx|js|jsx|mjs|cjs)$/.test(f))
      .sort()
      .map((f) => path.join(root, f)),
  );
  assert.ok(files.length > 300, `${files.length} files`);
  const rand = prng(81001);
  let compared = 0;
  let reusedStatements = 0;
  for (const file of files) {
    const rel = path.basename(file);
    let text = fs.readFileSync(file, 'utf8');
    let previous = analyzeSource({ relPath: rel, text }, ctx, { editing: true }).sourceFile;
    let bindingTree = parseSource(rel, text);
    bindFile(bindingTree, { previous: undefined });
    for (let i = 0; i < 12; i++) {
      text = randomEdit(text, rand);
      // Every third version is parsed in full (as the language server does now and then) from the last one's analysis.
      const incremental = analyzeSource({ relPath: rel, text }, ctx, i % 3 === 2 ? { lastVersion: previous, editing: true } : { previous, editing: true });
      const fresh = analyzeSource({ relPath: rel, text }, ctx);
      assert.deepEqual(incremental.findings, fresh.findings, `${rel}, edit ${i + 1}`);
      // Not the syntax-error count: TypeScript's incremental parser may report a recovered error a fresh
      // parse does not (seen on xss/syntax-error-recovery.tsx); open documents do not show the count.
      previous = incremental.sourceFile;

      const oldStatements = new Set(bindingTree.statements);
      const reparsed = reparseSource(bindingTree, text);
      reusedStatements += reparsed.statements.filter((s) => oldStatements.has(s)).length;
      const editingBinding = bindFile(reparsed, { previous: bindingTree });
      const freshBinding = bindFile(parseSource(rel, text));
      assert.deepEqual(listed(editingBinding), listed(freshBinding), `${rel}, edit ${i + 1}`);
      assert.deepEqual([...editingBinding.importedModules], [...freshBinding.importedModules]);
      bindingTree = reparsed;
      compared++;
    }
  }
  assert.ok(reusedStatements > compared, `statements reused: ${reusedStatements} over ${compared} edits`);
});
