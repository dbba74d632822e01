// Self-update of the radiology workstation and of its AI triage plug-ins.
import { app, dialog } from 'electron';
import { autoUpdater } from 'electron-updater';
import { execFile, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

const FEED = 'https://updates.example-radiology.org/workstation';
const RELEASE_SIGNING_KEY = process.env.RELEASE_PUBKEY_PEM as string;

interface Release {
  version: string;
  installer: string;
  sha256: string;
  signature?: string;
}

async function fetchRelease(channel: string): Promise<Release> {
  const res = await fetch(`${FEED}/${encodeURIComponent(channel)}/release.json`);
  if (!res.ok) throw new Error(`release feed answered ${res.status}`);
  return (await res.json()) as Release;
}

async function downloadTo(url: string, file: string): Promise<Buffer> {
  const res = await fetch(url);
  const bytes = Buffer.from(await res.arrayBuffer());
  await fs.writeFile(file, bytes);
  return bytes;
}

export async function installLatest(channel = 'stable'): Promise<void> {
  const release = await fetchRelease(channel);
  const target = path.join(app.getPath('temp'), `workstation-${release.version.replace(/[^\w.-]/g, '')}.exe`);
  await downloadTo(release.installer, target);
  const { response } = await dialog.showMessageBox({ message: `Install version ${release.version}?`, buttons: ['Later', 'Install'] });
  if (response === 1) {
    spawn(target, ['/S', '--force-run'], { detached: true, stdio: 'ignore' }).unref(); // sbd-bench: tp unsigned-code
    app.quit();
  }
}

export async function installLatestVerified(channel = 'stable'): Promise<void> {
  const release = await fetchRelease(channel);
  if (!release.signature) throw new Error('unsigned release refused');
  const target = path.join(app.getPath('temp'), `workstation-${release.version.replace(/[^\w.-]/g, '')}.exe`);
  const bytes = await downloadTo(release.installer, target);
  const ok = crypto.verify('sha256', bytes, RELEASE_SIGNING_KEY, Buffer.from(release.signature, 'base64'));
  if (!ok) throw new Error('release signature does not verify');
  execFile(target, ['/S']); // sbd-bench: tn unsigned-code
}

// The checksum comes from the same release.json as the download link: it catches truncated downloads,
// not a tampered feed.
export async function installHotfix(): Promise<void> {
  const release = await fetchRelease('hotfix');
  const target = path.join(app.getPath('temp'), 'hotfix.msi');
  const bytes = await downloadTo(release.installer, target);
  if (crypto.createHash('sha256').update(bytes).digest('hex') !== release.sha256) throw new Error('download corrupted');
  execFile('msiexec', ['/i', target, '/qn']); // sbd-bench: tp unsigned-code
}

export function startAutoUpdate(): void {
  autoUpdater.autoDownload = true;
  autoUpdater.on('update-downloaded', () => autoUpdater.quitAndInstall()); // sbd-bench: tn unsigned-code
  void autoUpdater.checkForUpdatesAndNotify();
}
