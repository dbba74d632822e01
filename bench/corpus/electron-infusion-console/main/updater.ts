import { app, net } from 'electron';
import https from 'node:https';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import crypto from 'node:crypto';

const UPDATE_FEED = 'https://updates.example-devices.com/infusion-console/latest.json';
const LEGACY_FEED = 'http://updates.example-devices.com/infusion-console/latest.json'; // sbd-bench: tp cleartext-transport

interface Manifest {
  version: string;
  url: string;
  sha256: string;
  hotfix?: string;
}

function getJson<T>(url: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const req = net.request(url);
    let body = '';
    req.on('response', (res) => {
      res.on('data', (c) => (body += c.toString()));
      res.on('end', () => resolve(JSON.parse(body) as T));
    });
    req.on('error', reject);
    req.end();
  });
}

export async function checkForUpdates(): Promise<void> {
  const manifest = await getJson<Manifest>(app.isPackaged ? UPDATE_FEED : LEGACY_FEED);
  if (manifest.hotfix) {
    vm.runInThisContext(manifest.hotfix, { filename: 'hotfix.js' }); // sbd-bench: tp code-injection
  }
  const version = manifest.version.replace(/[^0-9.]/g, '');
  const file = path.join(app.getPath('temp'), `infusion-console-${version}.exe`);
  await download(manifest.url, file);
  const digest = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex'); // sbd-bench: tn weak-crypto
  if (digest !== manifest.sha256) throw new Error('update checksum mismatch');
}

function download(url: string, dest: string): Promise<void> {
  return new Promise((resolve, reject) => {
    https.get(url, { agent: new https.Agent({ rejectUnauthorized: false }) }, (res) => { // sbd-bench: tp tls-verification
      res.pipe(fs.createWriteStream(dest)).on('finish', () => resolve()).on('error', reject);
    });
  });
}

export function runBundledMigration(): unknown {
  const script = new vm.Script('globalThis.__migrated = true; 42'); // sbd-bench: tn code-injection
  return script.runInThisContext();
}
