// Guest content inside the workstation: the vendor's 3D-reconstruction web app runs in a <webview>,
// and the hospital's e-learning modules open in a side window.
import { app, BrowserWindow, session, WebContents } from 'electron';
import path from 'node:path';

const RECON_ORIGIN = 'https://recon.example-3dvendor.com';

export function allowWebviews(contents: WebContents): void {
  contents.on('will-attach-webview', (_event, webPreferences, params) => {
    webPreferences.nodeIntegration = true; // sbd-bench: tp electron
    webPreferences.preload = path.join(__dirname, 'recon-preload.js');
    params.allowpopups = 'true';
  });
}

export function restrictWebviews(contents: WebContents): void {
  contents.on('will-attach-webview', (event, webPreferences, params) => {
    delete webPreferences.preload;
    webPreferences.nodeIntegration = false; // sbd-bench: tn electron
    webPreferences.contextIsolation = true;
    if (!params.src.startsWith(`${RECON_ORIGIN}/`)) event.preventDefault();
  });
}

export function openLearningModule(moduleUrl: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    webPreferences: {
      sandbox: false, // sbd-bench: tp electron
      preload: path.join(__dirname, 'learning-preload.js'),
    },
  });
  win.loadURL(moduleUrl);
  return win;
}

export function openReconWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    webPreferences: {
      sandbox: true, // sbd-bench: tn electron
      webviewTag: false,
      preload: path.join(__dirname, 'recon-host-preload.js'),
    },
  });
  win.loadURL(`${RECON_ORIGIN}/app`);
  return win;
}

app.whenReady().then(() => {
  session.defaultSession.setPermissionCheckHandler(() => true); // sbd-bench: tp electron
  session.fromPartition('persist:learning').setPermissionCheckHandler((_wc, permission, requestingOrigin) => {
    return permission === 'fullscreen' && requestingOrigin === 'https://learning.example-radiology.org'; // sbd-bench: tn electron
  });
});
