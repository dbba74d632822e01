import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../../src/core/workspace/atomic';
import { makeTempDir } from '../temp-dir';

const ATOMIC = path.join(__dirname, '..', '..', 'src', 'core', 'workspace', 'atomic.ts');

test('a writer killed in the middle of writing leaves the previous file intact', async () => {
  const dir = makeTempDir('sbd-atomic-');
  const target = path.join(dir, 'baseline.json');
  fs.writeFileSync(target, '{ "version": 1, "fingerprints": [] }\n');
  // A child process writes 400 MB through writeFileAtomic; it is killed once its temporary file exists.
  const script = `require(${JSON.stringify(ATOMIC)}).writeFileAtomic(${JSON.stringify(target)}, Buffer.alloc(400 * 1024 * 1024, 120));`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 60_000;
  while (!fs.readdirSync(dir).some((f) => f.endsWith('.tmp'))) {
    assert.ok(Date.now() < deadline, 'the writer never started its temporary file');
    await new Promise((r) => setImmediate(r));
  }
  child.kill('SIGKILL');
  await exited;
  assert.equal(fs.readFileSync(target, 'utf8'), '{ "version": 1, "fingerprints": [] }\n');
});

test('a completed write replaces the file whole; a device target is written in place', () => {
  const dir = makeTempDir('sbd-atomic-');
  const target = path.join(dir, 'out.json');
  writeFileAtomic(target, 'one');
  writeFileAtomic(target, 'two');
  assert.equal(fs.readFileSync(target, 'utf8'), 'two');
  assert.deepEqual(fs.readdirSync(dir), ['out.json']);
  writeFileAtomic('/dev/null', 'discarded');
  assert.ok(fs.statSync('/dev/null').isCharacterDevice(), '/dev/null is still a device');
});
