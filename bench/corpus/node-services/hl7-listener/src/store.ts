import fs from 'node:fs/promises';
import path from 'node:path';
import os from 'node:os';
import { createCipheriv, randomBytes } from 'node:crypto';
import type { PidSegment } from './parser';

const KEY = Buffer.from(process.env.ADT_STORE_KEY_HEX ?? '', 'hex');

export async function storeAdt(pid: PidSegment): Promise<void> {
  const spool = path.join(os.tmpdir(), 'adt-spool');
  await fs.mkdir(spool, { recursive: true }); // sbd-bench: tn path-traversal
  await fs.writeFile(path.join(spool, `${Date.now()}.json`), JSON.stringify(pid)); // sbd-bench: tp phi-in-storage
}

export async function storeAdtSealed(pid: PidSegment): Promise<void> {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', KEY, iv); // sbd-bench: tn weak-crypto
  const sealed = Buffer.concat([iv, cipher.update(JSON.stringify(pid), 'utf8'), cipher.final(), cipher.getAuthTag()]);
  await fs.writeFile('/var/spool/adt/sealed.bin', sealed); // sbd-bench: tn phi-in-storage
}
