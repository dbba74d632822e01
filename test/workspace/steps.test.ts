import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildTraceIndex, traceIndexSteps } from '../../src/core/trace/index';
import { defaultConfig } from '../../src/core/workspace/config';
import { listSourceFiles, sourceFileSteps } from '../../src/core/workspace/files';
import { runInSlices, runToEnd, Steps } from '../../src/core/workspace/steps';
import { makeTempDir } from '../temp-dir';

function workspace(files: number): string {
  const root = makeTempDir('sbd-steps-');
  for (let i = 0; i < files; i++) {
    const dir = path.join(root, 'src', `m${i % 7}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `f${i}.ts`), `// @implements SR-${String(i % 3).padStart(3, '0')}\nexport const x${i} = ${i};\n`);
  }
  fs.writeFileSync(path.join(root, 'src', 'm0', 'skip.min.js'), 'x');
  return root;
}

test('the stepped listing and trace index are the ones built in one go, with a step per folder and per file', () => {
  const root = workspace(40);
  const config = defaultConfig();
  let steps = 0;
  const listing = sourceFileSteps(root, config);
  let next = listing.next();
  for (; !next.done; next = listing.next()) steps++;
  assert.deepEqual(next.value, listSourceFiles(root, config));
  assert.equal(next.value.files.length, 40);
  // root, src, src/m0 … src/m6
  assert.equal(steps, 9);

  let indexSteps = 0;
  const indexing = traceIndexSteps(root, config);
  let built = indexing.next();
  for (; !built.done; built = indexing.next()) indexSteps++;
  assert.equal(indexSteps, 9 + 40);
  const once = buildTraceIndex(root, config);
  assert.deepEqual(JSON.stringify(built.value.graph()), JSON.stringify(once.graph()));
});

test('runInSlices lets the event loop run between slices; runToEnd does not', async () => {
  // 30 steps of 2 ms each: 60 ms of work, 8 ms slices.
  function* work(): Steps<number> {
    for (let i = 0; i < 30; i++) {
      const until = performance.now() + 2;
      while (performance.now() < until);
      yield;
    }
    return 30;
  }
  let ranBetween = 0;
  const timer = setInterval(() => ranBetween++, 0);
  try {
    assert.equal(runToEnd(work()), 30);
    assert.equal(ranBetween, 0);
    assert.equal(await runInSlices(work(), 8), 30);
    assert.ok(ranBetween >= 3, `the event loop ran ${ranBetween} times during 60 ms of sliced work`);
  } finally {
    clearInterval(timer);
  }
});
