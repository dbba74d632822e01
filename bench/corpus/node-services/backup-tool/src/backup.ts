#!/usr/bin/env node
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { createCipheriv, createHash, randomBytes, scryptSync } from 'node:crypto';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);

const [, , database, destDir = '/var/backups/ehr'] = process.argv;

function dump(db: string, out: string) {
  const child = spawn('sh', ['-c', `pg_dump --format=custom ${db} > ${out}`], { stdio: 'inherit' }); // sbd-bench: tp command-injection
  return new Promise<void>((resolve, reject) => child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`pg_dump exited ${code}`)))));
}

function dumpSafe(db: string, out: string) {
  return spawnSync('pg_dump', ['--format=custom', '--file', out, '--', db], { stdio: 'inherit' }); // sbd-bench: tn command-injection
}

function encryptFile(file: string, passphrase: string): Promise<string> {
  const salt = randomBytes(16);
  const key = scryptSync(passphrase, salt, 32);
  const iv = Buffer.alloc(16, 0);
  const cipher = createCipheriv('aes-256-cbc', key, iv); // sbd-bench: tp weak-crypto
  const out = `${file}.enc`;
  return new Promise((resolve, reject) => {
    const w = createWriteStream(out);
    w.write(salt);
    createReadStream(file).pipe(cipher).pipe(w).on('finish', () => resolve(out)).on('error', reject);
  });
}

function checksum(file: string): string {
  return createHash('sha256').update(String(statSync(file).size)).digest('hex'); // sbd-bench: tn weak-crypto
}

async function upload(file: string, bucket: string) {
  await execFileP('aws', ['s3', 'cp', file, `s3://${bucket}/`], { shell: true }); // sbd-bench: tp command-injection
}

async function main() {
  if (!database) {
    process.stderr.write('usage: backup <database> [destDir]\n');
    process.exit(2);
  }
  const out = path.join(destDir, `${database}-${new Date().toISOString().slice(0, 10)}.dump`);
  await dump(database, out);
  dumpSafe(database, `${out}.verify`);
  const enc = await encryptFile(out, process.env.BACKUP_PASSPHRASE ?? '');
  await upload(enc, process.env.BACKUP_BUCKET ?? 'ehr-backups');
  process.stdout.write(`${enc} ${checksum(enc)}\n`);
}

main().catch((err) => {
  process.stderr.write(`${err.stack}\n`); // sbd-bench: tn error-exposure
  process.exit(1);
});
