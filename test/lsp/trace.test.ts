import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { CodeAction, CodeLens, CompletionItem, Diagnostic, Hover, Location, MarkupContent, SymbolInformation, WorkspaceEdit } from 'vscode-languageserver/node';
import { TestClient, uriOf, workspace } from './client';

const REQUIREMENTS = `# Security requirements (this comment stays)
requirements:
  - id: SR-1
    title: Authenticated API access
    text: Every API request carries a valid token.
    activities: ["5.2.1"]
    cwe: [287]
    mitigates: [TH-1]
    verification: test
    status: approved

  - id: SR-2
    title: Encrypted transport
    text: Connections use TLS with certificate verification.
    activities: ["5.3.1"]
    cwe: [295, 319]
    mitigates:
      - TH-1
      - TH-2
    verification: test
    status: approved
`;

const THREATS = `threats:
  - id: TH-1
    title: Impersonation of a clinician
    stride: spoofing
    risk: critical
  - id: TH-2
    title: Eavesdropping on pump traffic
    stride: information-disclosure
    risk: high
`;

const AUTH = `import https from 'node:https';

/**
 * Checks the session token.
 * @implements SR-1
 */
export function checkToken(token: string): boolean {
  return token.length > 0;
}

// @implements SR-2
export const agent = new https.Agent({ rejectUnauthorized: false });
`;

const AUTH_TEST = `import { checkToken } from '../src/auth';

// @verifies SR-1
it('rejects an empty token', () => {
  if (checkToken('')) throw new Error('accepted');
});
`;

const files = {
  'security/requirements.yaml': REQUIREMENTS,
  'security/threats.yaml': THREATS,
  'src/auth.ts': AUTH,
  'test/auth.test.ts': AUTH_TEST,
};

const clients: TestClient[] = [];
async function start(root: string): Promise<TestClient> {
  const c = await TestClient.start(root);
  clients.push(c);
  return c;
}
after(async () => {
  for (const c of clients) await c.stop();
});

function positionOf(text: string, needle: string, offset = 0): { line: number; character: number } {
  const i = text.indexOf(needle) + offset;
  assert.ok(i >= offset, `${needle} in text`);
  const before = text.slice(0, i).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

describe('traceability', () => {
  it('hovers an id in a tag with title, status and counts', async () => {
    const client = await start(workspace(files));
    const doc = client.open('src/auth.ts');
    await client.diagnosticsFor(doc.uri, 1);
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: doc.uri }, position: positionOf(AUTH, 'SR-1', 1) });
    const value = (hover!.contents as MarkupContent).value;
    assert.match(value, /\*\*SR-1\*\* · Authenticated API access/);
    assert.match(value, /\*Status:\* approved/);
    assert.match(value, /1 implementation · 1 test · 0 open findings/);
    assert.match(value, /\*\*Mitigates:\*\* TH-1/);
  });

  it('hovers a threat id in requirements.yaml', async () => {
    const client = await start(workspace(files));
    const doc = client.open('security/requirements.yaml');
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: doc.uri }, position: positionOf(REQUIREMENTS, '- TH-2', 3) });
    const value = (hover.contents as MarkupContent).value;
    assert.match(value, /\*\*TH-2\*\* · Eavesdropping on pump traffic/);
    assert.match(value, /\*\*Mitigated by:\*\* SR-2/);
  });

  it('completes requirement ids after @implements and threat ids in a mitigates list', async () => {
    const root = workspace(files);
    const client = await start(root);
    const doc = client.open('src/auth.ts');
    await client.diagnosticsFor(doc.uri, 1);
    const text = `${AUTH}\n// @implements SR-1, \nexport function f() {}\n`;
    const v = client.change(doc.uri, text);
    await client.diagnosticsFor(doc.uri, v);
    const position = positionOf(text, '// @implements SR-1, ', '// @implements SR-1, '.length);
    const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: doc.uri }, position });
    assert.deepEqual(items.map((i) => i.label), ['SR-2'], 'SR-1 is already listed');
    assert.equal(items[0].detail, 'Encrypted transport');

    const yaml = client.open('security/requirements.yaml');
    const yamlText = REQUIREMENTS.replace('mitigates: [TH-1]', 'mitigates: [TH-1, TH-]');
    client.change(yaml.uri, yamlText);
    const threats = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: yaml.uri }, position: positionOf(yamlText, 'TH-]', 3) });
    assert.deepEqual(threats.map((i) => i.label), ['TH-2']);
    const block = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: yaml.uri }, position: positionOf(yamlText, '      - TH-2', 12) });
    assert.deepEqual(block.map((i) => i.label).sort(), ['TH-1', 'TH-2']);
  });

  it('goes from a tag to the requirement entry and finds every reference', async () => {
    const root = workspace(files);
    const client = await start(root);
    const doc = client.open('src/auth.ts');
    await client.diagnosticsFor(doc.uri, 1);
    const defs = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: doc.uri }, position: positionOf(AUTH, 'SR-1') });
    assert.equal(defs.length, 1);
    assert.equal(defs[0].uri, uriOf(root, 'security/requirements.yaml'));
    assert.deepEqual(defs[0].range.start, positionOf(REQUIREMENTS, 'SR-1'));

    const refs = await client.request<Location[]>('textDocument/references', { textDocument: { uri: doc.uri }, position: positionOf(AUTH, 'SR-1'), context: { includeDeclaration: true } });
    const where = refs.map((r) => `${path.relative(root, new URL(r.uri).pathname)}:${r.range.start.line}`).sort();
    assert.deepEqual(where, ['security/requirements.yaml:2', 'src/auth.ts:4', 'test/auth.test.ts:2']);

    const yaml = client.open('security/threats.yaml');
    const threatRefs = await client.request<Location[]>('textDocument/references', { textDocument: { uri: yaml.uri }, position: positionOf(THREATS, 'TH-1'), context: { includeDeclaration: false } });
    assert.deepEqual(threatRefs.map((r) => r.range.start.line).sort((a, b) => a - b), [7, 17]);
  });

  it('renames an id across YAML and code as one workspace edit', async () => {
    const root = workspace(files);
    const client = await start(root);
    const doc = client.open('src/auth.ts');
    await client.diagnosticsFor(doc.uri, 1);
    const position = positionOf(AUTH, 'SR-1', 2);
    const prepared = await client.request<{ range: unknown; placeholder: string }>('textDocument/prepareRename', { textDocument: { uri: doc.uri }, position });
    assert.equal(prepared.placeholder, 'SR-1');
    await assert.rejects(client.request('textDocument/rename', { textDocument: { uri: doc.uri }, position, newName: 'not an id' }), /does not match/);
    await assert.rejects(client.request('textDocument/rename', { textDocument: { uri: doc.uri }, position, newName: 'SR-2' }), /already in use/);
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: doc.uri }, position, newName: 'SR-10' });
    assert.equal(edit.documentChanges?.length, 3);
    await client.applyEdit(edit);
    assert.match(client.text(doc.uri), /@implements SR-10\n/);
    assert.match(fs.readFileSync(path.join(root, 'test/auth.test.ts'), 'utf8'), /@verifies SR-10\n/);
    const yaml = fs.readFileSync(path.join(root, 'security/requirements.yaml'), 'utf8');
    assert.match(yaml, /- id: SR-10\n/);
    assert.ok(yaml.startsWith('# Security requirements (this comment stays)'));
  });

  it('shows code lenses with counts on each requirement', async () => {
    const client = await start(workspace(files));
    const src = client.open('src/auth.ts');
    await client.diagnosticsFor(src.uri, 1);
    const doc = client.open('security/requirements.yaml');
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: doc.uri } });
    const titles = lenses.map((l) => `${l.range.start.line}: ${l.command?.title}`);
    assert.deepEqual(titles, ['2: 1 implementation · 1 test · 0 open findings', '11: 1 implementation · 0 tests · 1 open finding']);
    assert.equal(lenses[0].command?.command, 'secureByDesign.showReferences');
    assert.equal((lenses[0].command?.arguments?.[2] as Location[]).length, 2);
  });

  it('lists requirements and threats as workspace symbols', async () => {
    const client = await start(workspace(files));
    const all = await client.request<SymbolInformation[]>('workspace/symbol', { query: '' });
    assert.deepEqual(all.map((s) => s.name).sort(), ['SR-1 Authenticated API access', 'SR-2 Encrypted transport', 'TH-1 Impersonation of a clinician', 'TH-2 Eavesdropping on pump traffic']);
    const some = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'transp' });
    assert.deepEqual(some.map((s) => s.name), ['SR-2 Encrypted transport']);
  });

  it('reports gaps: unknown ids on tags and model problems at their range in the YAML', async () => {
    const root = workspace(files);
    const client = await start(root);
    const doc = client.open('src/auth.ts');
    const text = AUTH.replace('@implements SR-2', '@implements SR-99');
    const v = client.change(doc.uri, text);
    const unknown = await client.waitFor(() => client.diagnostics.get(doc.uri)?.diagnostics.find((d) => d.code === 'unknown-id'), 10000, 'unknown-id');
    assert.deepEqual(unknown.range.start, positionOf(text, 'SR-99'));
    assert.equal(unknown.severity, 1);
    assert.ok(v > 1);

    // SR-2 lost its implementation and has no test.
    const reqUri = uriOf(root, 'security/requirements.yaml');
    const unimplemented = await client.waitFor(() => client.diagnostics.get(reqUri)?.diagnostics.find((d) => d.code === 'unimplemented'), 10000, 'unimplemented');
    assert.deepEqual(unimplemented.range.start, positionOf(REQUIREMENTS, 'SR-2'));

    const yaml = client.open('security/requirements.yaml');
    const broken = REQUIREMENTS.replace('    status: approved\n\n', '    status: aproved\n    owner: me\n\n');
    client.change(yaml.uri, broken);
    const schema = await client.waitFor(() => {
      const d = client.diagnostics.get(yaml.uri)?.diagnostics.filter((x) => x.code === 'schema') ?? [];
      return d.length >= 2 ? d : undefined;
    }, 10000, 'schema problems');
    const lines = schema.map((d) => d.range.start.line).sort((a, b) => a - b);
    assert.deepEqual(lines, [9, 10]);

    client.change(yaml.uri, 'requirements: [\n  - id: SR-1\n');
    const syntax = await client.waitFor(() => client.diagnostics.get(yaml.uri)?.diagnostics.filter((d: Diagnostic) => d.code === 'schema').at(0), 10000, 'YAML syntax error');
    assert.ok(syntax.message);
    const hover = await client.request('textDocument/hover', { textDocument: { uri: yaml.uri }, position: { line: 1, character: 9 } });
    assert.ok(hover === null || typeof hover === 'object');
  });

  it('offers "Link to requirement", CWE matches first, and the tag lands above the declaration', async () => {
    const root = workspace({ ...files, 'src/tls.ts': "import https from 'node:https';\n\nexport function makeAgent() {\n  return new https.Agent({ rejectUnauthorized: false });\n}\n" });
    const client = await start(root);
    const doc = client.open('src/tls.ts');
    const diags = await client.diagnosticsFor(doc.uri, 1);
    const tls = diags.find((d) => d.code === 'SBD-TLS-001')!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: doc.uri }, range: tls.range, context: { diagnostics: [tls] } });
    const links = actions.filter((a) => a.title.startsWith('Link to requirement'));
    assert.deepEqual(links.map((a) => a.title), ['Link to requirement SR-2 (Encrypted transport)', 'Link to requirement SR-1 (Authenticated API access)']);
    await client.applyEdit(links[0].edit!);
    assert.match(client.text(doc.uri), /\n\/\/ @implements SR-2\nexport function makeAgent\(\)/);
    // Once the edited file is analysed again, its finding counts against SR-2.
    await client.diagnosticsFor(doc.uri, client.docs.get(doc.uri)!.version);
    const yaml = client.open('security/requirements.yaml');
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: yaml.uri } });
    assert.equal(lenses[1].command?.title, '2 implementations · 0 tests · 2 open findings');
  });
});
