// The server's per-document syntax trees (src/server/syntax-trees.ts): incremental reparsing, but no node
// — and so no string slice of an old text — kept from more versions than the budget allows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type ts from 'typescript';
import { parseSource, reparseSource } from '../../src/core/analysis/engine';
import { REPARSE_BUDGET_CHARS, SyntaxTrees } from '../../src/server/syntax-trees';

/** A file of `lines` statements; `edit(n)` changes its last line, as typing at the end of a file does. */
function document(lines: number): { text: (n: number) => string } {
  const body = Array.from({ length: lines }, (_, i) => `export const routeHandlerValue${i} = 'a long enough literal ${i}';`).join('\n');
  return { text: (n) => `${body}\nexport const edited = ${n};\n` };
}

/** What the analyzer does per version: reparse from the kept tree if `take` hands one over. */
function analyse(trees: SyntaxTrees, text: string): { tree: ts.SourceFile; incremental: boolean } {
  const reparse = trees.take('a.ts');
  const tree = reparse.previous ? reparseSource(reparse.previous, text) : parseSource('a.ts', text);
  trees.keep('a.ts', tree, reparse);
  return { tree, incremental: !!reparse.previous };
}

test('edits reparse incrementally, reusing the unchanged nodes of the previous version', () => {
  const doc = document(200);
  const trees = new SyntaxTrees();
  const first = analyse(trees, doc.text(0));
  assert.equal(first.incremental, false);
  const second = analyse(trees, doc.text(1));
  assert.equal(second.incremental, true);
  assert.equal(second.tree.statements[0], first.tree.statements[0], 'an unchanged statement is the same node');
});

test('a full parse comes once the incremental reparses reach the budget, so old versions are let go', () => {
  const doc = document(2000);
  const length = doc.text(0).length;
  const trees = new SyntaxTrees();
  const first = analyse(trees, doc.text(0)).tree;
  const firstNodes = new WeakSet<ts.Node>(first.statements);
  // Reparses continue while the characters reparsed since the full parse stay under the budget.
  const withinBudget = Math.ceil(REPARSE_BUDGET_CHARS / length);
  let edits = 0;
  let current = first;
  // Every incremental reparse keeps the first version's statements (and the text their strings slice).
  for (; edits < withinBudget; edits++) {
    const next = analyse(trees, doc.text(edits + 1));
    assert.equal(next.incremental, true, `edit ${edits + 1} of ${withinBudget} is incremental`);
    current = next.tree;
  }
  assert.ok(firstNodes.has(current.statements[0]));
  const next = analyse(trees, doc.text(edits + 1));
  assert.equal(next.incremental, false, 'the edit past the budget parses the document afresh');
  assert.ok(!next.tree.statements.some((s) => firstNodes.has(s)), 'no node of the first version is kept');
  // …and incremental reparsing resumes from the fresh tree.
  assert.equal(analyse(trees, doc.text(edits + 2)).incremental, true);
});

test('a closed document drops its tree', () => {
  const trees = new SyntaxTrees();
  analyse(trees, document(10).text(0));
  trees.delete('a.ts');
  assert.equal(trees.take('a.ts').previous, undefined);
});
