import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { createAnalysisContext } from '../../src/core/analysis/context';
import { defaultConfig } from '../../src/core/workspace/config';
import { scanWorkspace } from '../../src/core/workspace/scan';
import { balance, scanWorkspaceParallel } from '../../src/core/workspace/parallel-scan';
import { workspace } from '../cli/helpers';

const BUNDLE = path.join(__dirname, '..', '..', 'dist', 'cli.js');

test('a scan split over worker threads gives exactly the single-threaded result', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 24; i++) {
    files[`src/m${i}.ts`] = `import { exec } from 'child_process';\n${'// pad\n'.repeat(i * 7)}export function f${i}(req: any) { exec(\`ls \${req.query.d${i}}\`); }\n`;
  }
  files['src/bin.ts'] = '\u0000\u0001binary';
  const root = workspace(files);
  const ctx = createAnalysisContext(defaultConfig());
  const single = scanWorkspace(root, ctx, { today: '2026-11-28' });
  const parallel = await scanWorkspaceParallel(root, ctx, BUNDLE, { threads: 3, today: '2026-11-28' });
  assert.equal(single.findings.length, 24);
  assert.deepEqual(parallel, single);
});

test('shares are balanced by size', () => {
  const root = workspace({ 'a.ts': 'x'.repeat(100), 'b.ts': 'x'.repeat(60), 'c.ts': 'x'.repeat(50), 'd.ts': 'x'.repeat(10) });
  assert.deepEqual(balance(root, ['a.ts', 'b.ts', 'c.ts', 'd.ts'], 2), [['a.ts', 'd.ts'], ['b.ts', 'c.ts']]);
});
