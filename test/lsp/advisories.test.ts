// The `advisoriesFile` setting in the editor: the server reads the npm audit / OSV JSON the user's CI wrote,
// shows each known vulnerability of a shipped component, puts a gap on soup.yaml for each one soup.yaml does
// not assess, judges the SOUP clauses on them, and names a bad file instead of failing.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ShowMessageNotification } from 'vscode-languageserver-protocol';
import { ExportEvidenceReportRequest, StatusNotification, StatusParams, TraceGraphRequest } from '../../src/shared/protocol';
import { FIXTURES, packageWorkspace, SOUP_UNASSESSED } from '../report/helpers';
import { defaultEditorSettings, TestClient, uriOf } from './client';

describe('advisoriesFile setting', () => {
  let root: string;
  let client: TestClient;

  before(async () => {
    root = fs.realpathSync(packageWorkspace(SOUP_UNASSESSED));
    fs.copyFileSync(path.join(FIXTURES, 'npm-audit.json'), path.join(root, 'audit.json'));
    client = await TestClient.start(root, { settings: { ...defaultEditorSettings(), advisoriesFile: 'audit.json' } });
    await client.waitFor(() => client.notificationsOf<StatusParams>(StatusNotification.method).some((s) => !s.scanning), 60_000, 'the workspace scan');
  });

  after(async () => {
    await client?.stop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  const graph = () => client.connection.sendRequest(TraceGraphRequest, {});

  it('lists the known vulnerabilities of shipped components and judges the SOUP clauses on them', async () => {
    const result = await graph();
    assert.equal(result.advisories?.file, 'audit.json');
    assert.equal(result.advisories?.problem, undefined);
    assert.deepEqual(
      result.advisories?.vulnerabilities.map((v) => ({ id: v.id, package: v.package, versions: v.versions, assessed: !!v.assessment, at: `${v.file}:${v.line}` })),
      [{ id: 'GHSA-2222-3333-4444', package: 'left-pad', versions: ['1.3.0'], assessed: false, at: 'security/soup.yaml:2' }],
      'the dev-only test-runner advisory is not listed: it is not shipped',
    );
    const clause = result.graph!.activities.find((a) => a.id === '4.1.5')!;
    assert.notEqual(clause.status, 'covered');
    assert.match(clause.detail, /1 of 1 known vulnerabilities not assessed in security\/soup\.yaml/);
  });

  it('puts the unassessed vulnerability on soup.yaml as a diagnostic and counts it as a trace gap', async () => {
    const diagnostics = await client.waitFor(() => {
      const d = client.diagnostics.get(uriOf(root, 'security/soup.yaml'))?.diagnostics.filter((x) => x.code === 'soup-unassessed-vulnerability');
      return d?.length ? d : undefined;
    }, 15_000, 'the soup.yaml diagnostic');
    assert.equal(diagnostics.length, 1);
    assert.deepEqual(diagnostics[0].range.start, { line: 1, character: 10 });
    assert.match(diagnostics[0].message as string, /^left-pad 1\.3\.0 is affected by GHSA-2222-3333-4444/);
    // The status bar counts the gaps published as diagnostics; its notification follows them.
    const status = await client.waitFor(() => client.notificationsOf<StatusParams>(StatusNotification.method).find((s) => s.traceGaps >= 1), 15_000, 'a status counting the gap');
    assert.ok(status.traceGaps >= 1);
  });

  it('uses the setting for "Export evidence report" too', async () => {
    await client.connection.sendRequest(ExportEvidenceReportRequest, {});
    const summary = fs.readFileSync(path.join(root, 'security', 'evidence', 'summary.md'), 'utf8');
    assert.match(summary, /GHSA-2222-3333-4444|1 not assessed|unassessed/i);
  });

  it('names a malformed or missing advisories file in a message and a diagnostic, and keeps serving', async () => {
    fs.writeFileSync(path.join(root, 'bad.json'), '{\n  "advisories": {}\n}\n');
    client.settings = { ...defaultEditorSettings(), advisoriesFile: 'bad.json' };
    const shown = client.notificationsOf(ShowMessageNotification.method).length;
    void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const message = await client.waitFor(
      () => client.notificationsOf<{ message: string }>(ShowMessageNotification.method).slice(shown).find((m) => m.message.includes('bad.json')),
      15_000,
      'a message naming bad.json',
    );
    assert.match(message.message, /bad\.json:2:17 cannot be used: this is the npm 6 audit format/);
    const d = await client.waitFor(() => client.diagnostics.get(uriOf(root, 'bad.json'))?.diagnostics[0], 15_000, 'a diagnostic in bad.json');
    assert.deepEqual(d.range.start, { line: 1, character: 16 });
    const result = await graph();
    assert.match(result.advisories?.problem ?? '', /^bad\.json:2:17: /);
    assert.deepEqual(result.advisories?.vulnerabilities, []);
    assert.ok(result.graph!.requirements !== undefined, 'the trace graph is still served');
    assert.equal(client.diagnostics.get(uriOf(root, 'security/soup.yaml'))?.diagnostics.some((x) => x.code === 'soup-unassessed-vulnerability') ?? false, false);

    client.settings = { ...defaultEditorSettings(), advisoriesFile: 'missing.json' };
    void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const missing = await client.waitFor(
      () => client.notificationsOf<{ message: string }>(ShowMessageNotification.method).find((m) => m.message.includes('missing.json')),
      15_000,
      'a message naming missing.json',
    );
    assert.match(missing.message, /missing\.json:1:1 cannot be used: cannot read: ENOENT/);
    await assert.rejects(client.connection.sendRequest(ExportEvidenceReportRequest, {}), /missing\.json:1:1: cannot read: ENOENT/);
  });
});
