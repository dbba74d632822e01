// The data behind the panel views and the trace matrix: `sbd/traceGraph` on the example workspace, and
// `sbd/traceChanged`, which tells the client to ask again after a model file or a finding changed.
import assert from 'node:assert/strict';
import { makeTempDir } from '../temp-dir';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { matrixRows, requirementState } from '../../src/shared/matrix';
import { StatusNotification, StatusParams, TraceChangedNotification, TraceGraphRequest, TraceGraphResult } from '../../src/shared/protocol';
import { ROOT, TestClient, uriOf } from './client';

const EXAMPLE = path.join(ROOT, 'examples', 'infusion-gateway');

describe('sbd/traceGraph and sbd/traceChanged on examples/infusion-gateway', () => {
  let root: string;
  let client: TestClient;

  before(async () => {
    root = fs.realpathSync(makeTempDir('sbd-panel-'));
    fs.cpSync(EXAMPLE, root, { recursive: true });
    client = await TestClient.start(root);
    await client.waitFor(() => client.notificationsOf<StatusParams>(StatusNotification.method).some((s) => !s.scanning && s.openFindings > 0), 60_000, 'the workspace scan');
    await client.waitFor(() => client.notificationsOf(TraceChangedNotification.method).length > 0, 15_000, 'sbd/traceChanged after the scan');
  });

  after(async () => {
    await client?.stop();
  });

  const graph = async () => {
    const result = await client.connection.sendRequest(TraceGraphRequest, {});
    assert.equal(result.available, true);
    assert.equal(result.folderUri && new URL(result.folderUri).pathname, root);
    return result.graph as NonNullable<TraceGraphResult['graph']>;
  };

  it('returns every requirement with the state the Requirements view and the matrix show', async () => {
    const g = await graph();
    assert.deepEqual(
      g.requirements.map((r) => r.id),
      Array.from({ length: 16 }, (_, i) => `SR-${i + 1}`),
    );
    const states = Object.fromEntries(g.requirements.map((r) => [r.id, requirementState(r)]));
    assert.equal(states['SR-1'], 'complete');
    assert.equal(states['SR-11'], 'implemented', 'SR-11 has code but no test');
    assert.equal(states['SR-14'], 'verified', 'SR-14 has a test but no code');
    assert.equal(states['SR-16'], 'findings', 'a planted finding lies inside code implementing SR-16');
    const sr1 = g.requirements[0];
    assert.ok(sr1.implementations.every((i) => fs.existsSync(path.join(root, i.file)) && i.range.start.line === i.line - 1));

    const rows = matrixRows(g.requirements);
    assert.equal(rows.length, 16);
    assert.deepEqual(rows[0].threats, sr1.mitigates);
    assert.equal(rows[0].implementations.length, sr1.implementations.length);
  });

  it('returns the IEC 81001-5-1 activities with status and evidence, and the threats', async () => {
    const g = await graph();
    assert.ok(g.activities.length > 40);
    for (const a of g.activities) {
      assert.ok(['covered', 'partial', 'missing', 'manual'].includes(a.status), a.id);
      assert.ok(a.detail.length > 0, `${a.id} has no detail`);
      assert.equal(String(a.section), a.id.split('.')[0]);
    }
    assert.ok(g.threats.length > 0);
    assert.ok(g.threats.some((t) => t.mitigatedBy.length > 0));
  });

  it('sends sbd/traceChanged after an edit of requirements.yaml, and the graph has the edit', async () => {
    const rel = 'security/requirements.yaml';
    const doc = client.open(rel);
    const seen = client.notificationsOf(TraceChangedNotification.method).length;
    const title = 'Authenticated API access <img src=x onerror=alert(1)>';
    client.change(uriOf(root, rel), doc.getText().replace('title: Authenticated API access', `title: "${title}"`));
    await client.waitFor(() => client.notificationsOf(TraceChangedNotification.method).length > seen, 15_000, 'sbd/traceChanged after the edit');
    const g = await graph();
    assert.equal(g.requirements.find((r) => r.id === 'SR-1')?.title, title);
  });
});
