import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { CodeAction, Diagnostic } from 'vscode-languageserver/node';
import { parse } from 'yaml';
import { TestClient, workspace } from './client';

const TLS = `import https from 'node:https';
import { createHash } from 'node:crypto';
export const agent = new https.Agent({ rejectUnauthorized: false });
export const agent2 = new https.Agent({ rejectUnauthorized: false });
export function digest(data: string) {
  return createHash('md5').update(data).digest('hex');
}
`;

const REQUIREMENTS = `# Security requirements (keep this comment)
requirements:
  - id: SR-1
    title: Authenticated API access
    text: >-
      Every API request shall carry a valid token,
      checked by the gateway.
    activities: ["5.2.1"]
    cwe: [287]
    verification: test
    status: approved # reviewed in SRR-1

  - id: SR-7
    title: Encrypted transport
    text: Connections use TLS with verification.
    activities: ["5.3.1"]
    cwe: [319, 295]
    verification: test
    status: implemented
# trailing comment
`;

const clients: TestClient[] = [];
async function start(root: string, options?: Parameters<typeof TestClient.start>[1]): Promise<TestClient> {
  const c = await TestClient.start(root, options);
  clients.push(c);
  return c;
}
after(async () => {
  for (const c of clients) await c.stop();
});

async function actionsAt(client: TestClient, uri: string, diagnostic: Diagnostic, only?: string[]): Promise<CodeAction[]> {
  return client.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic], only },
  });
}

async function openWith(client: TestClient, rel: string, code: string): Promise<{ uri: string; diags: Diagnostic[]; find: Diagnostic }> {
  const doc = client.open(rel);
  const diags = await client.diagnosticsFor(doc.uri, 1);
  const find = diags.find((d) => d.code === code);
  assert.ok(find, `${code} in ${JSON.stringify(diags.map((d) => d.code))}`);
  return { uri: doc.uri, diags, find };
}

async function applyAndRecheck(client: TestClient, uri: string, action: CodeAction, fill?: (p: string) => string): Promise<Diagnostic[]> {
  assert.ok(action.edit, `${action.title} has an edit`);
  await client.applyEdit(action.edit, fill);
  const version = client.docs.get(uri)!.version;
  return client.diagnosticsFor(uri, version);
}

describe('code actions', () => {
  it('offers the engine fix as a preferred quick fix; applied, the finding disappears', async () => {
    const client = await start(workspace({ 'src/tls.ts': TLS }));
    const { uri, find } = await openWith(client, 'src/tls.ts', 'SBD-TLS-001');
    const actions = await actionsAt(client, uri, find);
    const fix = actions.find((a) => a.title === 'Turn certificate verification back on');
    assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
    assert.equal(fix.kind, 'quickfix');
    assert.equal(fix.isPreferred, true);
    assert.deepEqual(fix.diagnostics?.[0].data, find.data);
    const after = await applyAndRecheck(client, uri, fix);
    assert.equal(after.filter((d) => d.code === 'SBD-TLS-001').length, 1);
    assert.match(client.text(uri), /Agent\(\{ rejectUnauthorized: true \}\);\nexport const agent2 = new https.Agent\(\{ rejectUnauthorized: false/);
  });

  it('marks an unsafe fix as not preferred', async () => {
    const client = await start(workspace({ 'src/tls.ts': TLS }));
    const { uri, find } = await openWith(client, 'src/tls.ts', 'SBD-CRYPTO-001');
    const fix = (await actionsAt(client, uri, find)).find((a) => a.title === 'Use SHA-256');
    assert.ok(fix);
    assert.equal(fix.isPreferred, false);
  });

  it('fixes all findings of a rule in the file', async () => {
    const client = await start(workspace({ 'src/tls.ts': TLS }));
    const { uri, find } = await openWith(client, 'src/tls.ts', 'SBD-TLS-001');
    const all = (await actionsAt(client, uri, find)).find((a) => a.title === 'Fix all SBD-TLS-001 in this file');
    assert.ok(all);
    const after = await applyAndRecheck(client, uri, all);
    assert.deepEqual(after.filter((d) => d.code === 'SBD-TLS-001'), []);
    assert.ok(after.some((d) => d.code === 'SBD-CRYPTO-001'), 'other rules untouched');
  });

  it('answers source.fixAll.sbd with every safe fix', async () => {
    const client = await start(workspace({ 'src/tls.ts': TLS }));
    const { uri } = await openWith(client, 'src/tls.ts', 'SBD-TLS-001');
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    assert.deepEqual(actions.map((a) => a.kind), ['source.fixAll.sbd']);
    const after = await applyAndRecheck(client, uri, actions[0]);
    assert.deepEqual(after.map((d) => d.code), ['SBD-CRYPTO-001'], 'the unsafe MD5 fix is not applied');
  });

  it('suppresses with a justification snippet above the line, indented', async () => {
    const client = await start(workspace({ 'src/tls.ts': TLS }));
    const { uri, find } = await openWith(client, 'src/tls.ts', 'SBD-CRYPTO-001');
    const suppress = (await actionsAt(client, uri, find)).find((a) => a.title === 'Suppress SBD-CRYPTO-001 with justification…');
    assert.ok(suppress);
    const change = suppress.edit?.documentChanges?.[0] as { edits: { snippet?: { value: string } }[] };
    assert.equal(change.edits[0].snippet?.value, '  // sbd-ignore SBD-CRYPTO-001: ${1:justification}\n');
    const after = await applyAndRecheck(client, uri, suppress, () => 'cache key only, not a security control');
    assert.deepEqual(after.map((d) => d.code).filter((c) => c !== 'SBD-TLS-001'), []);
    assert.match(client.text(uri), /\n {2}\/\/ sbd-ignore SBD-CRYPTO-001: cache key only, not a security control\n {2}return createHash/);
  });

  it('suppresses with plain text (empty justification) when the client has no snippet edits', async () => {
    const client = await start(workspace({ 'src/tls.ts': TLS }), { snippetEdits: false });
    const { uri, find } = await openWith(client, 'src/tls.ts', 'SBD-CRYPTO-001');
    const suppress = (await actionsAt(client, uri, find)).find((a) => a.title.startsWith('Suppress SBD-CRYPTO-001'));
    assert.ok(suppress);
    const after = await applyAndRecheck(client, uri, suppress);
    assert.match(client.text(uri), /\n {2}\/\/ sbd-ignore SBD-CRYPTO-001: \n/);
    // Without a justification the comment does not suppress; the meta rule asks for one.
    assert.ok(after.some((d) => d.code === 'SBD-CRYPTO-001'));
    assert.ok(after.some((d) => d.code === 'SBD-META-001'));
  });

  it('suppresses inside JSX children with a JSX comment', async () => {
    const tsx = `export function View({ html }: { html: string }) {
  return (
    <section>
      <div dangerouslySetInnerHTML={{ __html: html }} />
    </section>
  );
}
`;
    const client = await start(workspace({ 'src/view.tsx': tsx }));
    const { uri, find } = await openWith(client, 'src/view.tsx', 'SBD-XSS-003');
    const suppress = (await actionsAt(client, uri, find)).find((a) => a.title.startsWith('Suppress SBD-XSS-003'));
    assert.ok(suppress);
    const after = await applyAndRecheck(client, uri, suppress, () => 'html comes from the signed drug library');
    assert.match(client.text(uri), /\n {6}\{\/\* sbd-ignore SBD-XSS-003: html comes from the signed drug library \*\/\}\n {6}<div/);
    assert.deepEqual(after.map((d) => d.code), []);
  });

  it('extends an sbd-ignore comment directly above instead of stacking a second one', async () => {
    const text = TLS.replace("  return createHash('md5')", "  // sbd-ignore SBD-RAND-001: not a token\n  return createHash('md5')");
    const client = await start(workspace({ 'src/tls.ts': text }));
    const { uri, find } = await openWith(client, 'src/tls.ts', 'SBD-CRYPTO-001');
    const suppress = (await actionsAt(client, uri, find)).find((a) => a.title.startsWith('Suppress SBD-CRYPTO-001'));
    assert.ok(suppress);
    const after = await applyAndRecheck(client, uri, suppress);
    assert.match(client.text(uri), /\/\/ sbd-ignore SBD-RAND-001, SBD-CRYPTO-001: not a token\n/);
    assert.ok(!after.some((d) => d.code === 'SBD-CRYPTO-001'));
  });

  it('creates a security requirement from a finding, keeping the file as written', async () => {
    const root = workspace({ 'src/tls.ts': TLS, 'security/requirements.yaml': REQUIREMENTS });
    const client = await start(root);
    const { uri, find } = await openWith(client, 'src/tls.ts', 'SBD-TLS-001');
    const create = (await actionsAt(client, uri, find)).find((a) => a.title === 'Create security requirement from SBD-TLS-001');
    assert.ok(create, 'offered');
    await client.applyEdit(create.edit!);
    const text = fs.readFileSync(path.join(root, 'security/requirements.yaml'), 'utf8');
    assert.ok(text.startsWith(REQUIREMENTS.replace('# trailing comment\n', '')), text);
    assert.ok(text.includes('# trailing comment'));
    const entry = (parse(text) as { requirements: Record<string, unknown>[] }).requirements.at(-1)!;
    assert.equal(entry.id, 'SR-8');
    assert.equal(entry.title, 'TLS certificate verification disabled');
    assert.deepEqual(entry.cwe, [295]);
    assert.equal(entry.verification, 'test');
    assert.equal(entry.status, 'draft');
    assert.ok(Array.isArray(entry.activities) && (entry.activities as string[]).length > 0);
    assert.match(text, /\n\n {2}- id: SR-8\n {4}title: TLS certificate verification disabled\n/);
  });

  it('creates requirements.yaml when there is none', async () => {
    const root = workspace({ 'src/tls.ts': TLS });
    const client = await start(root);
    const { uri, find } = await openWith(client, 'src/tls.ts', 'SBD-TLS-001');
    const create = (await actionsAt(client, uri, find)).find((a) => a.title === 'Create security requirement from SBD-TLS-001');
    assert.ok(create);
    assert.equal((create.edit?.documentChanges?.[0] as { kind?: string }).kind, 'create');
    await client.applyEdit(create.edit!);
    const doc = parse(fs.readFileSync(path.join(root, 'security/requirements.yaml'), 'utf8')) as { requirements: { id: string }[] };
    assert.equal(doc.requirements[0].id, 'SR-1');
  });

  it('adds a requirement through sbd/newRequirement and workspace/applyEdit', async () => {
    const root = workspace({ 'security/requirements.yaml': REQUIREMENTS });
    const client = await start(root);
    const result = await client.request<{ id: string; uri: string; line: number }>('sbd/newRequirement', { title: 'Audit log for rate changes' });
    assert.equal(result.id, 'SR-8');
    const text = fs.readFileSync(path.join(root, 'security/requirements.yaml'), 'utf8');
    assert.equal(text.split('\n')[result.line], '  - id: SR-8');
    assert.match(text, /title: Audit log for rate changes\n {4}text: The software shall …\n {4}activities: \["5\.2\.1"\]\n {4}verification: test\n {4}status: draft\n# trailing comment\n$/);
  });
});
