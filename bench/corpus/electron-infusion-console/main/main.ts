import { app, BrowserWindow, ipcMain, net, session, shell } from 'electron';
import path from 'node:path';
import { execSync, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import Store from 'electron-store';
import { checkForUpdates } from './updater';

const store = new Store<{ lastPatient?: unknown; windowBounds?: Electron.Rectangle }>();
let win: BrowserWindow | null = null;

function createWindow() {
  win = new BrowserWindow({
    ...(store.get('windowBounds') ?? { width: 1280, height: 800 }),
    webPreferences: {
      preload: path.join(__dirname, 'preload.js'),
      contextIsolation: true, // sbd-bench: tn electron
      sandbox: true,
    },
  });
  win.loadFile(path.join(__dirname, '..', 'renderer', 'index.html')); // sbd-bench: tn path-traversal
  win.on('close', () => store.set('windowBounds', win!.getBounds())); // sbd-bench: tn phi-in-storage
}

app.on('certificate-error', (event, _webContents, _url, _error, _certificate, callback) => {
  event.preventDefault();
  callback(true); // sbd-bench: tp tls-verification
});

app.on('select-client-certificate', (event, _webContents, _url, list, callback) => {
  event.preventDefault();
  callback(list[0]);
});

app.on('certificate-error', (_event, _webContents, url, error, _certificate, callback) => {
  console.error(`certificate error for ${new URL(url).host}: ${error}`);
  callback(false); // sbd-bench: tn tls-verification
});

app.whenReady().then(() => {
  session.defaultSession.setCertificateVerifyProc((request, callback) => {
    if (request.hostname === 'pump-gateway.local') return callback(0); // sbd-bench: tp tls-verification
    return callback(-3);
  });
  createWindow();
  checkForUpdates().catch((err) => console.error('update check failed', err.message));
});

ipcMain.handle('print-label', (_event, labelFile: string) => {
  execSync(`lp -o media=Custom.62x29mm "${labelFile}"`); // sbd-bench: tp command-injection
});

ipcMain.handle('pump-diagnostics', (_event, serial: string) => {
  if (!/^[A-Z0-9]{10}$/.test(serial)) throw new Error('bad serial');
  return execFileSync('/opt/pumptool/bin/pumptool', ['diag', serial]).toString(); // sbd-bench: tn command-injection
});

ipcMain.handle('open-protocol', (_event, file: string) => {
  return fs.readFileSync(file, 'utf8'); // sbd-bench: tp path-traversal
});

ipcMain.handle('fetch-drug-library', async (_event, libraryUrl: string) => {
  const response = await net.fetch(libraryUrl); // sbd-bench: tp ssrf
  return response.json();
});

ipcMain.handle('open-help', () => shell.openExternal('https://docs.example-devices.com/infusion-console')); // sbd-bench: tn open-redirect

ipcMain.handle('select-patient', (_event, patient: { mrn: string; name: string; weightKg: number; allergies: string[] }) => {
  store.set('lastPatient', patient); // sbd-bench: tp phi-in-storage
  return true;
});

ipcMain.handle('run-macro', (_event, macro: string) => {
  return win?.webContents.executeJavaScript(`window.pumpUi.${macro}()`); // sbd-bench: tp code-injection
});
