// The requests behind the Findings view and the panel's commands, over a real LSP connection: findings
// grouped by rule family and by requirement, trace-matrix and evidence-report exports, the starter model
// and a tag inserted at the cursor.
import assert from 'node:assert/strict';
import { makeTempDir } from '../temp-dir';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import {
  CreateStarterModelRequest,
  ExportEvidenceReportRequest,
  ExportTraceMatrixRequest,
  FindingsRequest,
  InsertTagRequest,
  StatusNotification,
  StatusParams,
  TraceChangedNotification,
  TraceGraphRequest,
} from '../../src/shared/protocol';
import { ROOT, TestClient, uriOf, workspace } from './client';

const EXAMPLE = path.join(ROOT, 'examples', 'infusion-gateway');

function rejectsWith(p: Promise<unknown>, pattern: RegExp): Promise<void> {
  return assert.rejects(p, (e: Error) => {
    assert.match(e.message, pattern);
    return true;
  });
}

describe('panel requests on examples/infusion-gateway', () => {
  let root: string;
  let client: TestClient;
  const scratch = fs.realpathSync(makeTempDir('sbd-panel-out-'));

  before(async () => {
    root = fs.realpathSync(makeTempDir('sbd-panel-'));
    fs.cpSync(EXAMPLE, root, { recursive: true });
    client = await TestClient.start(root);
    await client.waitFor(() => client.notificationsOf<StatusParams>(StatusNotification.method).some((s) => !s.scanning && s.openFindings > 0), 60_000, 'the workspace scan');
  });

  after(async () => {
    await client?.stop();
  });

  it('sbd/findings groups every finding once by rule family and links findings to the requirements whose code holds them', async () => {
    const result = await client.connection.sendRequest(FindingsRequest, {});
    assert.equal(result.available, true);
    const byFamily = result.byFamily.flatMap((g) => g.findings);
    assert.ok(byFamily.length > 5, 'the example has planted findings');
    assert.equal(byFamily.length, result.open + result.suppressed);
    for (const g of result.byFamily) {
      assert.ok(g.findings.every((f) => f.family === g.key), g.key);
      assert.equal(g.open, g.findings.filter((f) => !f.suppression).length);
      // Only our own suppression-comment rules carry no CWE (they check the evidence trail).
      if (g.key === 'suppression') assert.equal(g.detail, 'no CWE');
      else assert.match(g.detail, /^CWE-\d+(, CWE-\d+)*$/);
      // open findings first
      const firstSuppressed = g.findings.findIndex((f) => f.suppression);
      if (firstSuppressed >= 0) assert.ok(g.findings.slice(firstSuppressed).every((f) => f.suppression));
    }
    assert.deepEqual(
      result.byFamily.map((g) => g.key),
      [...result.byFamily.map((g) => g.key)].sort(),
    );
    assert.ok(result.byFamily.some((g) => g.key === 'sql-injection' && g.detail.includes('CWE-89')));

    // Suppressed findings are kept, with the justification written in the code.
    assert.ok(result.suppressed > 0);
    const suppressed = byFamily.filter((f) => f.suppression);
    assert.ok(suppressed.every((f) => f.suppression!.justification.length > 0));

    // Same links as the trace graph: SR-16's open finding is listed under SR-16.
    const graph = (await client.connection.sendRequest(TraceGraphRequest, {})).graph!;
    const sr16 = graph.requirements.find((r) => r.id === 'SR-16')!;
    const group16 = result.byRequirement.find((g) => g.key === 'SR-16');
    assert.ok(group16, 'SR-16 has a group');
    assert.equal(group16.label, 'SR-16');
    assert.equal(group16.detail, sr16.title);
    assert.equal(group16.open, sr16.openFindings);
    assert.deepEqual(group16.findings.map((f) => `${f.file}:${f.range.start.line + 1}:${f.ruleId}`).sort(), sr16.findings.map((f) => `${f.file}:${f.line}:${f.ruleId}`).sort());

    const unlinked = result.byRequirement.at(-1)!;
    assert.equal(unlinked.key, '');
    assert.equal(unlinked.label, 'not linked to a requirement');
    assert.ok(unlinked.findings.every((f) => f.requirements.length === 0));
    const linkedCount = byFamily.filter((f) => f.requirements.length > 0).length;
    assert.equal(unlinked.findings.length, byFamily.length - linkedCount);
    for (const f of byFamily) {
      assert.ok(fs.existsSync(path.join(root, f.file)), f.file);
      assert.ok(f.range.start.line >= 0);
    }
  });

  it('sbd/exportTraceMatrix writes CSV, Markdown and HTML and refuses other formats and non-file targets', async () => {
    for (const format of ['csv', 'md', 'html'] as const) {
      const target = path.join(scratch, 'nested', `matrix.${format}`);
      const result = await client.connection.sendRequest(ExportTraceMatrixRequest, { format, targetUri: pathToFileURL(target).href });
      const text = fs.readFileSync(target, 'utf8');
      assert.equal(result.bytes, Buffer.byteLength(text));
      assert.equal(new URL(result.uri).pathname, target);
      assert.ok(text.includes('SR-16'), format);
    }
    assert.match(fs.readFileSync(path.join(scratch, 'nested', 'matrix.csv'), 'utf8').split('\n')[0], /requirement/i);
    assert.match(fs.readFileSync(path.join(scratch, 'nested', 'matrix.html'), 'utf8'), /^<!DOCTYPE html>/i);
    assert.deepEqual(fs.readdirSync(path.join(scratch, 'nested')).sort(), ['matrix.csv', 'matrix.html', 'matrix.md'], 'no temporary file is left behind');
    await rejectsWith(client.connection.sendRequest(ExportTraceMatrixRequest, { format: 'pdf' as 'csv', targetUri: pathToFileURL(path.join(scratch, 'm.pdf')).href }), /format must be one of csv, md, html/);
    await rejectsWith(client.connection.sendRequest(ExportTraceMatrixRequest, { format: 'csv', targetUri: 'untitled:matrix.csv' }), /must be a file on disk/);
  });

  it('sbd/exportEvidenceReport writes the report of `sbd report` into the chosen folder, leaving other files alone', async () => {
    const out = path.join(scratch, 'evidence');
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, 'notes.txt'), 'keep me');
    const result = await client.connection.sendRequest(ExportEvidenceReportRequest, { outUri: pathToFileURL(out).href });
    assert.deepEqual(fs.readdirSync(out).sort(), ['findings.sarif', 'index.html', 'notes.txt', 'sbom.cdx.json', 'summary.md', 'trace-matrix.csv']);
    assert.equal(fs.readFileSync(path.join(out, 'notes.txt'), 'utf8'), 'keep me');
    assert.equal(new URL(result.indexUri).pathname, path.join(out, 'index.html'));
    assert.equal(result.files.length, 5);
    const html = fs.readFileSync(path.join(out, 'index.html'), 'utf8');
    assert.ok(html.includes('SR-1') && html.includes('Authenticated API access'));
    assert.ok(result.openFindings > 0);
    assert.ok(!html.includes(root), 'no absolute path of the workspace');
  });

  it('sbd/exportEvidenceReport writes to security/evidence by default', async () => {
    const result = await client.connection.sendRequest(ExportEvidenceReportRequest, {});
    assert.equal(new URL(result.outUri).pathname, path.join(root, 'security', 'evidence'));
    assert.ok(fs.existsSync(path.join(root, 'security', 'evidence', 'index.html')));
  });

  it('sbd/insertTag adds `// @implements` above a code line, `// @verifies` in a test file, on a blank line in place', async () => {
    const rel = 'src/services/packages.ts';
    const doc = client.open(rel);
    const uri = doc.uri;
    const lines = doc.getText().split('\n');
    const codeLine = lines.findIndex((l) => /^\s+\S/.test(l) && !/^\s*(\/\/|\*|\/\*)/.test(l));
    const indent = /^\s*/.exec(lines[codeLine])![0];
    const result = await client.connection.sendRequest(InsertTagRequest, { uri, position: { line: codeLine, character: lines[codeLine].length }, requirement: 'SR-3' });
    assert.deepEqual(result, { tag: 'implements', line: codeLine });
    const after1 = client.text(uri).split('\n');
    assert.equal(after1[codeLine], `${indent}// @implements SR-3`);
    assert.equal(after1[codeLine + 1], lines[codeLine]);
    assert.equal(after1.length, lines.length + 1);

    const testRel = 'test/pumps.test.ts';
    const testDoc = client.open(testRel);
    const blank = testDoc.getText().split('\n').findIndex((l) => l === '');
    assert.ok(blank > 0);
    const r2 = await client.connection.sendRequest(InsertTagRequest, { uri: testDoc.uri, position: { line: blank, character: 0 }, requirement: 'SR-3' });
    assert.deepEqual(r2, { tag: 'verifies', line: blank });
    assert.equal(client.text(testDoc.uri).split('\n')[blank], '// @verifies SR-3');

    await rejectsWith(client.connection.sendRequest(InsertTagRequest, { uri, position: { line: 0, character: 0 }, requirement: 'SR-999' }), /No requirement SR-999/);
    const yaml = client.open('security/threats.yaml');
    await rejectsWith(client.connection.sendRequest(InsertTagRequest, { uri: yaml.uri, position: { line: 0, character: 0 }, requirement: 'SR-3' }), /TypeScript or JavaScript/);
    await rejectsWith(client.connection.sendRequest(InsertTagRequest, { uri: uriOf(root, 'src/server.ts'), position: { line: 0, character: 0 }, requirement: 'SR-3' }), /Open the file/);
  });
});

describe('sbd/createStarterModel in a workspace without security/', () => {
  let root: string;
  let client: TestClient;

  before(async () => {
    root = fs.realpathSync(
      workspace({
        'package.json': JSON.stringify({ name: 'pump-ui', version: '1.0.0', dependencies: { '@scope/widgets': '^2.0.0', lodash: '^4.17.0' }, devDependencies: { typescript: '^5.0.0' } }, null, 2),
        'package-lock.json': JSON.stringify({
          name: 'pump-ui',
          lockfileVersion: 3,
          packages: {
            '': { name: 'pump-ui', dependencies: { '@scope/widgets': '^2.0.0', lodash: '^4.17.0' } },
            'node_modules/@scope/widgets': { version: '2.3.1' },
            'node_modules/lodash': { version: '4.17.21' },
            'node_modules/typescript': { version: '5.4.0', dev: true },
          },
        }),
        'src/index.ts': 'export const x = 1;\n',
      }),
    );
    client = await TestClient.start(root);
    await client.waitFor(() => client.notificationsOf<StatusParams>(StatusNotification.method).some((s) => !s.scanning), 60_000, 'the workspace scan');
  });

  after(async () => {
    await client?.stop();
  });

  it('creates requirements, threats and SOUP files that trace without gaps, and never overwrites them', async () => {
    const before = await client.connection.sendRequest(TraceGraphRequest, {});
    assert.equal(before.graph!.requirements.length, 0);
    const seen = client.notificationsOf(TraceChangedNotification.method).length;
    const result = await client.connection.sendRequest(CreateStarterModelRequest, {});
    assert.deepEqual(
      result.created.map((u) => path.relative(root, new URL(u).pathname)),
      ['security/requirements.yaml', 'security/threats.yaml', 'security/soup.yaml'],
    );
    assert.equal(new URL(result.requirementsUri).pathname, path.join(root, 'security', 'requirements.yaml'));
    await client.waitFor(() => client.notificationsOf(TraceChangedNotification.method).length > seen, 15_000, 'sbd/traceChanged after the starter model');

    const graph = (await client.connection.sendRequest(TraceGraphRequest, {})).graph!;
    assert.deepEqual(
      graph.requirements.map((r) => r.id),
      ['SR-1'],
    );
    assert.deepEqual(graph.threats[0].mitigatedBy, ['SR-1']);
    assert.deepEqual(
      graph.soup.components.map((c) => `${c.name}@${c.version}`),
      ['@scope/widgets@2.3.1', 'lodash@4.17.21'],
    );
    assert.deepEqual(graph.gaps, [], 'the starter model is complete and matches package.json and the lockfile');
    assert.match(fs.readFileSync(path.join(root, 'security', 'requirements.yaml'), 'utf8'), /^# Security requirements/);

    fs.writeFileSync(path.join(root, 'security', 'threats.yaml'), 'threats: []\n');
    const again = await client.connection.sendRequest(CreateStarterModelRequest, {});
    assert.deepEqual(again.created, []);
    assert.equal(fs.readFileSync(path.join(root, 'security', 'threats.yaml'), 'utf8'), 'threats: []\n');
  });
});
