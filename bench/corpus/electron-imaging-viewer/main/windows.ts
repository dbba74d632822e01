// Radiology review workstation: main-process window management for the DICOM viewer, the PACS web
// worklist (remote content) and the vendor's embedded reporting tool.
import { app, BrowserWindow, session, shell, ipcMain, WebContents } from 'electron';
import path from 'node:path';

const PACS_WORKLIST = process.env.PACS_WORKLIST_URL ?? 'https://pacs.example-radiology.org/worklist';
const TRUSTED_LINK_HOSTS = new Set(['docs.example-radiology.org', 'support.example-radiology.org']);

export function openViewer(studyUid: string): BrowserWindow {
  const viewer = new BrowserWindow({
    width: 1600,
    height: 1000,
    webPreferences: {
      preload: path.join(__dirname, 'preload.js'),
      nodeIntegration: false, // sbd-bench: tn electron
      contextIsolation: true,
      sandbox: true,
    },
  });
  viewer.loadFile(path.join(__dirname, '..', 'renderer', 'viewer.html'), { query: { study: studyUid } });
  return viewer;
}

export function openWorklist(): BrowserWindow {
  // The worklist page uses the vendor's jQuery plugins that expect `require` to exist.
  const worklist = new BrowserWindow({
    width: 1200,
    height: 900,
    webPreferences: { nodeIntegration: true, contextIsolation: false }, // sbd-bench: tp electron
  });
  worklist.loadURL(PACS_WORKLIST);
  worklist.webContents.setWindowOpenHandler(({ url }) => {
    shell.openExternal(url); // sbd-bench: tp electron
    return { action: 'deny' };
  });
  return worklist;
}

export function openReportingTool(reportUrl: string): BrowserWindow {
  const reporting = new BrowserWindow({
    parent: BrowserWindow.getFocusedWindow() ?? undefined,
    webPreferences: {
      preload: path.join(__dirname, 'reporting-preload.js'),
      contextIsolation: false, // sbd-bench: tp electron
    },
  });
  reporting.loadURL(reportUrl);
  return reporting;
}

export function openDicomWebProxyWindow(): BrowserWindow {
  // Loads mixed content from the legacy on-prem archive over the hospital network.
  const legacy = new BrowserWindow({
    webPreferences: {
      sandbox: true,
      contextIsolation: true,
      allowRunningInsecureContent: true, // sbd-bench: tp electron
    },
  });
  legacy.loadURL('https://archive-gw.example-radiology.org/viewer');
  return legacy;
}

export function openCineLoop(seriesDir: string): BrowserWindow {
  // Local cine player pulls frames straight from the PACS WADO endpoint without CORS headers.
  const cine = new BrowserWindow({ width: 1024, height: 1024, webPreferences: { webSecurity: false } }); // sbd-bench: tp electron
  cine.loadFile(path.join(__dirname, '..', 'renderer', 'cine.html'), { query: { dir: seriesDir } });
  return cine;
}

export function openTeachingFile(caseUrl: string): BrowserWindow {
  const teaching = new BrowserWindow({
    webPreferences: {
      contextIsolation: true,
      webSecurity: true, // sbd-bench: tn electron
      nodeIntegrationInSubFrames: true, // sbd-bench: tp electron
      preload: path.join(__dirname, 'teaching-preload.js'),
    },
  });
  teaching.loadURL(caseUrl);
  return teaching;
}

function isTrustedLink(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' && TRUSTED_LINK_HOSTS.has(url.hostname);
  } catch {
    return false;
  }
}

export function hardenNavigation(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    if (isTrustedLink(url)) shell.openExternal(url); // sbd-bench: tn electron
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (isTrustedLink(url)) void shell.openExternal(url); // sbd-bench: tn electron
    return { action: 'deny' };
  });
}

ipcMain.handle('open-link', async (_event, href: string) => {
  await shell.openExternal(href); // sbd-bench: tp electron
});

ipcMain.handle('open-exported-report', async (_event, name: string) => {
  const file = path.join(app.getPath('documents'), 'Radiology exports', path.basename(name));
  return shell.openPath(file); // sbd-bench: tn electron
});

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    shell.openExternal(url); // sbd-bench: tp electron
  });
});

app.whenReady().then(() => {
  session.defaultSession.setPermissionRequestHandler((_webContents, _permission, callback) => {
    callback(true); // sbd-bench: tp electron
  });
  session.fromPartition('persist:telecon').setPermissionRequestHandler((webContents, permission, callback) => {
    const origin = new URL(webContents.getURL()).origin;
    callback(origin === 'https://telecon.example-radiology.org' && permission === 'media'); // sbd-bench: tn electron
  });
});
