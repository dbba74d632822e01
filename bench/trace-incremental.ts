// Incremental trace index: a 2,000-file workspace indexed once, then one file re-indexed after an edit
// (what the language server does on every change). Prints one JSON line.
//   node --import tsx bench/trace-incremental.ts DIR
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildTraceIndex } from '../src/core/trace/index';
import { defaultConfig } from '../src/core/workspace/config';
import { percentile } from './edit-latency';

const FILES = 2000;

function workspace(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'security'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'test'), { recursive: true });
  const reqs = ['requirements:'];
  for (let i = 1; i <= 200; i++) reqs.push(`  - id: SR-${i}`, `    title: Requirement ${i}`, `    activities: ["5.2.1"]`, `    verification: test`, `    status: approved`);
  fs.writeFileSync(path.join(dir, 'security', 'requirements.yaml'), `${reqs.join('\n')}\n`);
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "name": "trace-bench", "dependencies": {} }\n');
  for (let i = 0; i < FILES; i++) {
    const sr = (i % 200) + 1;
    const isTest = i % 10 === 0;
    const text = isTest
      ? `/** @verifies SR-${sr} */\nit('checks ${i}', () => { expect(f${i}()).toBe(1); });\n`
      : `/**\n * Module ${i}.\n * @implements SR-${sr}\n */\nexport function f${i}(x: number): number {\n  return x + ${i};\n}\n`;
    fs.writeFileSync(path.join(dir, isTest ? 'test' : 'src', `m${i}.${isTest ? 'test.ts' : 'ts'}`), text);
  }
}

const dir = path.resolve(process.argv[2] ?? 'bench/.work/trace-incremental');
workspace(dir);
const t0 = performance.now();
const index = buildTraceIndex(dir, defaultConfig());
index.gaps();
const fullMs = performance.now() - t0;
const updates: number[] = [];
for (let i = 0; i < 200; i++) {
  const rel = `src/m${(i * 7) % FILES === 0 ? 1 : (i * 7) % FILES}.ts`;
  const sr = (i % 200) + 1;
  const text = `/** @implements SR-${sr}, SR-${((i + 1) % 200) + 1} */\nexport function g${i}(): number {\n  return ${i};\n}\n`;
  const t = performance.now();
  index.updateSourceFile(rel, text);
  index.gaps();
  updates.push(performance.now() - t);
}
const sorted = [...updates].sort((a, b) => a - b);
console.log(JSON.stringify({ files: FILES, fullMs, p50Ms: percentile(sorted, 50), p95Ms: percentile(sorted, 95), maxMs: sorted[sorted.length - 1] }));
