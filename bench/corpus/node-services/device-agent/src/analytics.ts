// Early-warning score models for the bedside gateway: the data-science team publishes Python models;
// the gateway fetches them and runs them against the last hour of vitals.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs/promises';
import path from 'node:path';
import crypto from 'node:crypto';

const run = promisify(execFile);
const MODELS = '/opt/bedside-agent/models';
const MODEL_REGISTRY = 'https://models.example-hospital.org/ews';
const REGISTRY_SIGNING_KEY = process.env.MODEL_REGISTRY_PUBKEY as string;

export async function refreshModel(name: string): Promise<string> {
  const res = await fetch(`${MODEL_REGISTRY}/${encodeURIComponent(name)}/latest/score.py`);
  const file = path.join(MODELS, `${name.replace(/[^\w-]/g, '')}.py`);
  await fs.writeFile(file, Buffer.from(await res.arrayBuffer()));
  return file;
}

export async function scoreWithLatest(name: string, vitalsCsv: string): Promise<number> {
  const file = await refreshModel(name);
  const { stdout } = await run('python3', [file, vitalsCsv], { timeout: 10_000 }); // sbd-bench: tp unsigned-code
  return Number(stdout.trim());
}

export async function scoreWithVerified(name: string, vitalsCsv: string): Promise<number> {
  const base = `${MODEL_REGISTRY}/${encodeURIComponent(name)}/latest`;
  const [code, sig] = await Promise.all([fetch(`${base}/score.py`), fetch(`${base}/score.py.sig`)]);
  const bytes = Buffer.from(await code.arrayBuffer());
  const signature = Buffer.from(await sig.arrayBuffer());
  if (!crypto.verify(null, bytes, REGISTRY_SIGNING_KEY, signature)) throw new Error(`model ${name}: bad signature`);
  const file = path.join(MODELS, `${name.replace(/[^\w-]/g, '')}.verified.py`);
  await fs.writeFile(file, bytes);
  const { stdout } = await run('python3', [file, vitalsCsv], { timeout: 10_000 }); // sbd-bench: tn unsigned-code
  return Number(stdout.trim());
}

export async function scoreWithBundled(vitalsCsv: string): Promise<number> {
  const { stdout } = await run('python3', [path.join(__dirname, '..', 'models', 'news2.py'), vitalsCsv], { timeout: 10_000 }); // sbd-bench: tn unsigned-code
  return Number(stdout.trim());
}
