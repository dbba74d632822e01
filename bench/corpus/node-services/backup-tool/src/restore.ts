#!/usr/bin/env node
// Restores an exported archive (studies, reports, device logs) into the data folder.
import AdmZip from 'adm-zip';
import { createWriteStream, mkdirSync, promises as fsp, writeFileSync } from 'node:fs';
import path from 'node:path';
import yauzl from 'yauzl';
import unzipper from 'unzipper';
import tar from 'tar';

const DATA_DIR = process.env.EHR_DATA_DIR ?? '/var/lib/ehr/data';

export function restoreReports(archiveFile: string): number {
  const zip = new AdmZip(archiveFile);
  let count = 0;
  for (const entry of zip.getEntries()) {
    if (entry.isDirectory) continue;
    const target = path.join(DATA_DIR, 'reports', entry.entryName);
    mkdirSync(path.dirname(target), { recursive: true }); // sbd-bench: tp path-traversal
    writeFileSync(target, entry.getData()); // sbd-bench: tp path-traversal
    count++;
  }
  return count;
}

export function restoreReportsChecked(archiveFile: string): number {
  const zip = new AdmZip(archiveFile);
  const root = path.resolve(DATA_DIR, 'reports');
  let count = 0;
  for (const entry of zip.getEntries()) {
    const target = path.resolve(root, entry.entryName);
    if (!target.startsWith(root + path.sep)) throw new Error(`archive entry escapes the data folder: ${entry.entryName}`);
    if (entry.isDirectory) continue;
    writeFileSync(target, entry.getData()); // sbd-bench: tn path-traversal
    count++;
  }
  return count;
}

export function restoreDeviceLogs(archiveFile: string): Promise<void> {
  const dest = path.join(DATA_DIR, 'device-logs');
  return new Promise((resolve, reject) => {
    yauzl.open(archiveFile, { lazyEntries: true }, (err, zipfile) => {
      if (err) return reject(err);
      zipfile.on('end', resolve);
      zipfile.on('entry', (entry) => {
        const flat = path.join(dest, path.basename(entry.fileName));
        zipfile.openReadStream(entry, (e, stream) => {
          if (e) return reject(e);
          stream.on('end', () => zipfile.readEntry());
          stream.pipe(createWriteStream(flat)); // sbd-bench: tn path-traversal
        });
      });
      zipfile.readEntry();
    });
  });
}

export async function restoreStudies(archiveFile: string): Promise<void> {
  const dest = path.join(DATA_DIR, 'studies');
  const directory = await unzipper.Open.file(archiveFile);
  for (const file of directory.files) {
    if (file.type !== 'File') continue;
    await fsp.writeFile(path.join(dest, file.path), await file.buffer()); // sbd-bench: tp path-traversal
  }
}

export async function restoreStudiesChecked(archiveFile: string): Promise<void> {
  const dest = path.resolve(DATA_DIR, 'studies');
  const directory = await unzipper.Open.file(archiveFile);
  for (const file of directory.files) {
    const target = path.resolve(dest, file.path);
    if (path.relative(dest, target).startsWith('..')) continue;
    await fsp.writeFile(target, await file.buffer()); // sbd-bench: tn path-traversal
  }
}

export function restoreConfig(archiveFile: string): Promise<void> {
  return tar.x({ file: archiveFile, cwd: path.join(DATA_DIR, 'config'), preservePaths: true }); // sbd-bench: tp path-traversal
}

export function restoreConfigSafe(archiveFile: string): Promise<void> {
  return tar.x({ file: archiveFile, cwd: path.join(DATA_DIR, 'config'), strict: true }); // sbd-bench: tn path-traversal
}

const [, , archive] = process.argv;
if (archive) console.log(`restored ${restoreReports(archive)} reports`);
