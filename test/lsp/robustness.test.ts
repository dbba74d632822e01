import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { CodeAction, Hover, MarkupContent } from 'vscode-languageserver/node';
import { TestClient, uriOf, workspace } from './client';

const CMD = `import { exec } from 'node:child_process';
export function ping(host: string) {
  exec('ping -c 1 ' + host);
}
`;

const clients: TestClient[] = [];
async function start(root: string): Promise<TestClient> {
  const c = await TestClient.start(root);
  clients.push(c);
  return c;
}
after(async () => {
  for (const c of clients) await c.stop();
});

describe('hover and rule help', () => {
  it('explains a finding: title, help, CWE link, IEC 81001-5-1 clauses, FR, confidence', async () => {
    const client = await start(workspace({ 'src/a.ts': CMD }));
    const doc = client.open('src/a.ts');
    await client.diagnosticsFor(doc.uri, 1);
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: doc.uri }, position: { line: 2, character: 4 } });
    const value = (hover.contents as MarkupContent).value;
    assert.equal((hover.contents as MarkupContent).kind, 'markdown');
    assert.match(value, /\*\*SBD-CMD-001\*\* · Shell command built from non-constant data/);
    assert.match(value, /\[CWE-78\]\(https:\/\/cwe\.mitre\.org\/data\/definitions\/78\.html\)/);
    assert.match(value, /\*\*IEC 81001-5-1:\*\* 5\.1\.3/);
    assert.match(value, /\*\*IEC 62443-4-2:\*\* FR3/);
    assert.match(value, /\*\*Confidence:\*\* medium/);
    assert.match(value, /Secure alternative/);
    const none = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: doc.uri }, position: { line: 0, character: 0 } });
    assert.equal(none, null);
  });

  it('lists rules and serves their help', async () => {
    const client = await start(workspace({}));
    const rules = await client.request<{ id: string }[]>('sbd/listRules', {});
    assert.ok(rules.length > 20);
    assert.ok(rules.some((r) => r.id === 'SBD-CMD-001'));
    const help = await client.request<{ markdown: string }>('sbd/ruleHelp', { ruleId: 'SBD-CMD-001' });
    assert.match(help.markdown, /^### SBD-CMD-001: /);
    assert.equal(await client.request('sbd/ruleHelp', { ruleId: 'NOPE-1' }), null);
  });
});

describe('never crashes', () => {
  it('analyses a file with syntax errors and answers requests on it', async () => {
    const broken = `import { exec } from 'node:child_process';\nexport function f(x: string) {\n  exec('ls ' + x);\n  const = ;\n  if (\n`;
    const client = await start(workspace({ 'src/broken.ts': broken }));
    const doc = client.open('src/broken.ts');
    const diags = await client.diagnosticsFor(doc.uri, 1);
    assert.ok(diags.some((d) => d.code === 'SBD-CMD-001'), 'findings where the parser recovered');
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: doc.uri }, range: diags[0].range, context: { diagnostics: diags } });
    assert.ok(actions.length > 0);
    await client.request('textDocument/hover', { textDocument: { uri: doc.uri }, position: { line: 4, character: 3 } });
  });

  it('answers requests for unknown documents and out-of-range positions', async () => {
    const root = workspace({ 'src/a.ts': CMD });
    const client = await start(root);
    const doc = client.open('src/a.ts');
    await client.diagnosticsFor(doc.uri, 1);
    const unknown = uriOf(root, 'src/nope.ts');
    const far = { line: 9999, character: 9999 };
    const negative = { line: -1, character: -5 };
    for (const uri of [unknown, doc.uri, 'untitled:Untitled-1']) {
      for (const position of [far, negative, { line: 0, character: 0 }]) {
        const textDocument = { uri };
        assert.equal(await client.request('textDocument/hover', { textDocument, position }), null);
        assert.deepEqual(await client.request('textDocument/definition', { textDocument, position }), []);
        assert.deepEqual(await client.request('textDocument/references', { textDocument, position, context: { includeDeclaration: true } }), []);
        assert.equal(await client.request('textDocument/prepareRename', { textDocument, position }), null);
        const completion = await client.request<unknown[] | { items: unknown[] }>('textDocument/completion', { textDocument, position });
        assert.deepEqual(Array.isArray(completion) ? completion : completion.items, []);
        const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument, range: { start: position, end: far }, context: { diagnostics: [] } });
        assert.ok(Array.isArray(actions));
      }
      assert.deepEqual(await client.request('textDocument/codeLens', { textDocument: { uri } }), []);
    }
    // A change for a document that was never opened, a close of an unknown one: ignored.
    void client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: unknown, version: 2 }, contentChanges: [{ text: 'x' }] });
    void client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: unknown } });
    const v2 = client.change(doc.uri, `${CMD}\n`);
    assert.ok((await client.diagnosticsFor(doc.uri, v2)).some((d) => d.code === 'SBD-CMD-001'), 'still serving');
  });

  it('a fresh server comes up after the old one is killed and publishes diagnostics again', async () => {
    const root = workspace({ 'src/a.ts': CMD, 'src/b.ts': CMD });
    const first = await start(root);
    const doc = first.open('src/a.ts');
    await first.diagnosticsFor(doc.uri, 1);
    await first.kill();
    const second = await start(root);
    const closed = await second.diagnosticsFor(uriOf(root, 'src/b.ts'));
    assert.ok(closed.some((d) => d.code === 'SBD-CMD-001'), 'workspace scan re-published');
    const reopened = second.open('src/a.ts');
    assert.ok((await second.diagnosticsFor(reopened.uri, 1)).some((d) => d.code === 'SBD-CMD-001'));
  });
});
