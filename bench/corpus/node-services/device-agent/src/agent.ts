// Bedside gateway agent: runs on the Linux box next to each monitor, forwards vitals to the hospital,
// and takes firmware, driver and plug-in updates from the device-management service.
import { execSync, execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import https from 'node:https';
import * as tar from 'tar';
import { SerialPort } from 'serialport';
import { pumpDriver } from './pump-driver';

const MGMT = 'https://devmgmt.example-devices.com/api/v2';
const AGENT_HOME = '/opt/bedside-agent';
const VENDOR_FIRMWARE_KEY = fs.readFileSync(path.join(AGENT_HOME, 'keys', 'vendor-firmware.pub'), 'utf8');
// Digest of the only approved build of the vendor's diagnostic tool, recorded in our SOUP assessment.
const DIAG_TOOL_SHA256 = 'b2f4d0c1a9e87f6d5c4b3a29180f7e6d5c4b3a2918f7e6d5c4b3a2918f7e6d5c'; // sbd-bench: tn hardcoded-secret

interface Job {
  kind: 'firmware' | 'driver' | 'plugin' | 'script' | 'diag';
  url: string;
  signature?: string;
  name: string;
}

function fetchBuffer(url: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    https.get(url, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks)));
      res.on('error', reject);
    }).on('error', reject);
  });
}

export async function bootstrapMonitoringAgent(): Promise<void> {
  execSync('curl -fsSL https://get.example-monitoring.io/install.sh | sudo bash -s -- --collector'); // sbd-bench: tp unsigned-code
}

export async function restartSelf(): Promise<void> {
  execFileSync('systemctl', ['restart', 'bedside-agent.service']); // sbd-bench: tn unsigned-code
}

export async function runJob(job: Job): Promise<void> {
  const name = job.name.replace(/[^\w.-]/g, '_');
  const bytes = await fetchBuffer(job.url);
  switch (job.kind) {
    case 'firmware': {
      const port = new SerialPort({ path: '/dev/ttyUSB0', baudRate: 115200 });
      await pumpDriver.flash(port, bytes); // sbd-bench: tp unsigned-code
      break;
    }
    case 'driver': {
      const target = path.join(AGENT_HOME, 'drivers', `${name}.ko`);
      fs.writeFileSync(target, bytes);
      execFileSync('insmod', [target]); // sbd-bench: tp unsigned-code
      break;
    }
    case 'plugin': {
      const dir = path.join(AGENT_HOME, 'plugins', name);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(`${dir}.tgz`, bytes);
      await tar.x({ file: `${dir}.tgz`, cwd: dir, strict: true });
      const plugin = await import(path.join(dir, 'index.js')); // sbd-bench: tp unsigned-code
      plugin.register?.();
      break;
    }
    case 'script': {
      const script = path.join(AGENT_HOME, 'jobs', `${name}.sh`);
      fs.writeFileSync(script, bytes, { mode: 0o750 });
      spawn('/bin/sh', [script], { stdio: 'inherit' }); // sbd-bench: tp unsigned-code
      break;
    }
    case 'diag': {
      if (crypto.createHash('sha256').update(bytes).digest('hex') !== DIAG_TOOL_SHA256) throw new Error('diagnostic tool build not approved');
      const tool = path.join(AGENT_HOME, 'bin', 'vendor-diag');
      fs.writeFileSync(tool, bytes, { mode: 0o750 });
      execFileSync(tool, ['--self-test']); // sbd-bench: tn unsigned-code
      break;
    }
  }
}

export async function runSignedFirmwareJob(job: Job): Promise<void> {
  const image = await fetchBuffer(job.url);
  if (!job.signature || !crypto.verify('sha256', image, VENDOR_FIRMWARE_KEY, Buffer.from(job.signature, 'base64'))) {
    throw new Error('firmware signature invalid');
  }
  const port = new SerialPort({ path: '/dev/ttyUSB0', baudRate: 115200 });
  await pumpDriver.flash(port, image); // sbd-bench: tn unsigned-code
}

export async function pollJobs(deviceId: string): Promise<void> {
  const jobs = JSON.parse((await fetchBuffer(`${MGMT}/devices/${encodeURIComponent(deviceId)}/jobs`)).toString('utf8')) as Job[]; // sbd-bench: tn deserialization
  for (const job of jobs) {
    if (job.kind === 'firmware' && job.signature) await runSignedFirmwareJob(job);
    else await runJob(job);
  }
}
