import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { defaultEditorSettings, TestClient, uriOf, workspace } from './client';

const CMD = `import { exec } from 'node:child_process';
export function ping(host: string) {
  exec('ping -c 1 ' + host);
}
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

describe('diagnostics', () => {
  it('publishes findings on open with code, CWE link, severity and data, and updates them after an edit', async () => {
    const root = workspace({ 'src/a.ts': CMD });
    const client = await start(root);
    const doc = client.open('src/a.ts');
    const diags = await client.diagnosticsFor(doc.uri, 1);
    const cmd = diags.find((d) => d.code === 'SBD-CMD-001');
    assert.ok(cmd, JSON.stringify(diags));
    assert.equal(cmd.source, 'sbd');
    assert.equal(cmd.severity, 1);
    assert.equal(cmd.codeDescription?.href, 'https://cwe.mitre.org/data/definitions/78.html');
    assert.deepEqual(cmd.range.start, { line: 2, character: 2 });
    assert.equal((cmd.data as { ruleId: string }).ruleId, 'SBD-CMD-001');
    assert.match((cmd.data as { fingerprint: string }).fingerprint, /^[0-9a-f]{32}$/);

    const v2 = client.change(doc.uri, CMD.replace("'ping -c 1 ' + host", "'ping -c 1 localhost'"));
    const after2 = await client.diagnosticsFor(doc.uri, v2);
    assert.equal(after2.filter((d) => d.code === 'SBD-CMD-001').length, 0);
  });

  it('debounces rapid edits and publishes only the newest version', async () => {
    const root = workspace({ 'src/a.ts': CMD });
    const client = await start(root);
    const doc = client.open('src/a.ts');
    await client.diagnosticsFor(doc.uri, 1);
    const before = client.publishes.length;
    let version = 1;
    for (let i = 0; i < 10; i++) version = client.change(doc.uri, `${CMD}\n// edit ${i}\n`);
    const final = await client.diagnosticsFor(doc.uri, version);
    assert.equal(final.filter((d) => d.code === 'SBD-CMD-001').length, 1);
    const published = client.publishes.slice(before).filter((p) => p.uri === doc.uri);
    // Ten keystrokes inside the debounce window: the last version is analysed, stale ones never published.
    assert.equal(published.at(-1)?.version, version);
    assert.ok(published.length < 10, `${published.length} publishes for 10 edits`);
    const versions = published.map((p) => p.version ?? 0);
    assert.deepEqual(versions, [...versions].sort((a, b) => a - b), 'versions only go forward');
  });

  it('keeps findings right over many edits of a large file, across the full reparses that bound its memory', async () => {
    // ~150 kB: the server reparses it in full about every 13 edits (REPARSE_BUDGET_CHARS) and incrementally in between.
    const filler = Array.from({ length: 2000 }, (_, i) => `export const value${i} = 'a literal long enough to be a slice ${i}';`).join('\n');
    const text = (n: number) => `${CMD}${filler}\nexport const edited = ${n};\n${n % 2 ? "exec('ls ' + process.argv[2]);\n" : ''}`;
    const root = workspace({ 'src/a.ts': text(0) });
    const client = await start(root);
    const doc = client.open('src/a.ts');
    await client.diagnosticsFor(doc.uri, 1);
    for (let n = 1; n <= 40; n++) {
      const version = client.change(doc.uri, text(n));
      const diags = await client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: doc.uri }, position: { line: 2, character: 4 } });
      assert.ok(diags?.contents.value.includes('SBD-CMD-001'), `edit ${n}: the finding of line 3 is hovered`);
      const published = await client.diagnosticsFor(doc.uri, version);
      assert.deepEqual(
        published.filter((d) => d.code === 'SBD-CMD-001').map((d) => d.range.start.line),
        n % 2 ? [2, 2005] : [2],
        `edit ${n}`,
      );
    }
  });

  it('does not publish suppressed findings', async () => {
    const text = CMD.replace("  exec('ping", "  // sbd-ignore SBD-CMD-001: host is validated against the pump registry\n  exec('ping");
    const root = workspace({ 'src/a.ts': text });
    const client = await start(root);
    const doc = client.open('src/a.ts');
    const diags = await client.diagnosticsFor(doc.uri, 1);
    assert.deepEqual(diags.map((d) => d.code), []);
  });

  it('scans the workspace in the background with progress, so closed files have findings', async () => {
    const root = workspace({ 'src/a.ts': CMD, 'src/b.js': "const cp = require('child_process');\ncp.exec(process.argv[2]);\n", 'node_modules/x/index.js': CMD, 'src/clean.ts': 'export const x = 1;\n' });
    const client = await start(root);
    const b = await client.diagnosticsFor(uriOf(root, 'src/b.js'));
    assert.ok(b.some((d) => d.code === 'SBD-CMD-001'));
    await client.waitFor(() => client.progress.some((p) => p.value.kind === 'end'), 15000, 'end of progress');
    assert.ok(client.progressTokens.size >= 1, 'window/workDoneProgress/create was sent');
    const begin = client.progress.find((p) => p.value.kind === 'begin');
    assert.equal((begin?.value as { cancellable?: boolean }).cancellable, true);
    assert.ok(!client.diagnostics.has(uriOf(root, 'node_modules/x/index.js')));
    const status = await client.waitFor(() => client.notificationsOf<{ openFindings: number; scanning: boolean }>('sbd/status').find((s) => !s.scanning && s.openFindings === 2), 10000, 'sbd/status');
    assert.equal(status.openFindings, 2);
  });

  it('cancels a scan when the client cancels its progress', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 400; i++) files[`src/f${i}.ts`] = CMD;
    const root = workspace(files);
    const client = await start(root);
    await client.waitFor(() => client.progress.some((p) => p.value.kind === 'end'), 60000, 'the start-up scan');
    const known = new Set(client.progressTokens);
    const scan = client.request<{ cancelled: boolean; filesScanned: number }>('sbd/scanWorkspace', {});
    const token = await client.waitFor(() => client.progress.find((p) => p.value.kind === 'begin' && !known.has(p.token))?.token, 10000, 'the new scan');
    void client.connection.sendNotification('window/workDoneProgress/cancel', { token });
    const result = await scan;
    assert.equal(result.cancelled, true);
    assert.ok(result.filesScanned < 400, `${result.filesScanned} files scanned`);
    await client.waitFor(() => client.progress.some((p) => p.token === token && p.value.kind === 'end'), 10000, 'end of the cancelled progress');
  });

  it('registers for file and configuration changes and rescans when sbd.config.json changes', async () => {
    const root = workspace({ 'src/a.ts': CMD });
    const client = await start(root);
    await client.waitFor(() => client.requests.some((r) => r.method === 'client/registerCapability'), 5000, 'registration');
    const uri = uriOf(root, 'src/a.ts');
    await client.waitFor(() => client.diagnostics.get(uri)?.diagnostics.some((d) => d.code === 'SBD-CMD-001'), 15000, 'finding');
    fs.writeFileSync(path.join(root, 'sbd.config.json'), JSON.stringify({ rules: { 'SBD-CMD-001': 'off' } }));
    client.fileChanged('sbd.config.json', 1);
    await client.waitFor(() => client.diagnostics.get(uri)?.diagnostics.every((d) => d.code !== 'SBD-CMD-001'), 15000, 'rule turned off');
  });

  it('lets editor settings win over sbd.config.json and re-pulls them on didChangeConfiguration', async () => {
    const root = workspace({ 'src/a.ts': CMD, 'sbd.config.json': JSON.stringify({ rules: { 'SBD-CMD-001': 'off' } }) });
    const client = await start(root);
    const doc = client.open('src/a.ts');
    assert.deepEqual((await client.diagnosticsFor(doc.uri, 1)).filter((d) => d.code === 'SBD-CMD-001'), []);
    const configRequests = client.requests.filter((r) => r.method === 'workspace/configuration').length;
    (client.settings.rules as Record<string, unknown>)['SBD-CMD-001'] = 'warning';
    void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const diags = await client.waitFor(() => client.diagnostics.get(doc.uri)?.diagnostics.filter((d) => d.code === 'SBD-CMD-001').at(0), 10000, 'warning');
    assert.equal(diags.severity, 2);
    assert.ok(client.requests.filter((r) => r.method === 'workspace/configuration').length > configRequests);
    const scope = client.requests.filter((r) => r.method === 'workspace/configuration').map((r) => (r.params as { items: { scopeUri?: string; section?: string }[] }).items[0]);
    assert.ok(scope.some((i) => i.scopeUri === doc.uri && i.section === 'secureByDesign'));
  });

  it('reports a malformed sbd.config.json as a diagnostic and keeps analysing with defaults', async () => {
    const root = workspace({ 'src/a.ts': CMD, 'sbd.config.json': '{ "rules": { "SBD-CMD-001": "sometimes" } }' });
    const client = await start(root);
    const config = await client.diagnosticsFor(uriOf(root, 'sbd.config.json'));
    assert.match(String(config[0].message), /SBD-CMD-001/);
    const doc = client.open('src/a.ts');
    assert.ok((await client.diagnosticsFor(doc.uri, 1)).some((d) => d.code === 'SBD-CMD-001'));
  });

  it('reports a broken rule pack at its line and keeps the built-in rules running', async () => {
    const root = workspace({ 'src/a.ts': CMD, 'security/rules/bad.yaml': 'rules:\n  - id: TEAM-1\n    title: x\n    severity: extreme\n' });
    const client = await start(root);
    const pack = await client.diagnosticsFor(uriOf(root, 'security/rules/bad.yaml'));
    assert.ok(pack.length > 0);
    assert.ok(pack.every((d) => d.source === 'sbd' && d.severity === 1));
    const doc = client.open('src/a.ts');
    assert.ok((await client.diagnosticsFor(doc.uri, 1)).some((d) => d.code === 'SBD-CMD-001'));
  });

  it('warns once about an invalid editor setting and ignores only that setting', async () => {
    const root = workspace({ 'src/a.ts': CMD });
    const settings = defaultEditorSettings();
    (settings.trace as Record<string, unknown>).requirementIdPattern = 'SR-(';
    settings.rules = { 'SBD-CMD-001': 'warning' };
    const client = await start(root, { settings });
    const doc = client.open('src/a.ts');
    const diags = await client.diagnosticsFor(doc.uri, 1);
    assert.equal(diags.find((d) => d.code === 'SBD-CMD-001')?.severity, 2, 'the valid rules override still applies');
    const shown = await client.waitFor(() => client.notificationsOf<{ type: number; message: string }>('window/showMessage').find((m) => /requirementIdPattern/.test(m.message)), 10000, 'warning');
    assert.equal(shown.type, 2);
  });

  it('ignores workspace rule packs and trust-requiring config in an untrusted workspace', async () => {
    const pack = `rules:
  - id: TEAM-001
    title: No console.log
    family: team
    severity: warning
    confidence: high
    cwe: [532]
    iec81001: ["5.1.3"]
    fr: [FR4]
    message: console.log in production code
    help: Use the logger.
    match:
      call:
        callee: ["console.log"]
`;
    const files = { 'src/a.ts': `${CMD}console.log('x');\n`, 'security/rules/team.yaml': pack, 'sbd.config.json': JSON.stringify({ rules: { 'SBD-CMD-001': 'off' } }) };
    const trustedClient = await start(workspace(files));
    const t = trustedClient.open('src/a.ts');
    const trustedCodes = (await trustedClient.diagnosticsFor(t.uri, 1)).map((d) => d.code);
    assert.ok(trustedCodes.includes('TEAM-001'), JSON.stringify(trustedCodes));
    assert.ok(!trustedCodes.includes('SBD-CMD-001'));

    const untrusted = await start(workspace(files), { trusted: false });
    const u = untrusted.open('src/a.ts');
    const codes = (await untrusted.diagnosticsFor(u.uri, 1)).map((d) => d.code);
    assert.ok(!codes.includes('TEAM-001'), JSON.stringify(codes));
    assert.ok(codes.includes('SBD-CMD-001'));
    const status = await untrusted.waitFor(() => untrusted.notificationsOf<{ restricted: boolean }>('sbd/status').at(-1), 10000, 'status');
    assert.equal(status.restricted, true);
  });
});
