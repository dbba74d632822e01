// AI triage plug-ins: vendor models shipped as small Node modules next to the workstation.
const { app, dialog, ipcMain } = require('electron');
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const serialize = require('node-serialize');
const libxmljs = require('libxmljs2');

const PLUGIN_DIR = path.join(app.getPath('userData'), 'plugins');
const BUNDLED = { 'lung-nodule': './bundled/lung-nodule', 'ich-detect': './bundled/ich-detect' };
// SHA-256 of each approved plug-in build, pinned in this release after the vendor assessment.
const APPROVED_BUILDS = {
  'fracture-ai@3.2.0': '6c1f0c2e0a9d4f7f2e3b1f9a3c3d8b5e7a1c0d2f4b6a8c0e2f4a6b8d0c2e4f6a', // sbd-bench: tn hardcoded-secret
};

function loadBundled(name) {
  if (!Object.prototype.hasOwnProperty.call(BUNDLED, name)) throw new Error(`unknown plug-in ${name}`);
  return require(BUNDLED[name]); // sbd-bench: tn unsigned-code
}

async function installFromMarketplace(pluginId) {
  const listing = await (await fetch(`https://marketplace.example-radiology.org/api/plugins/${encodeURIComponent(pluginId)}`)).json();
  const res = await fetch(listing.downloadUrl);
  const file = path.join(PLUGIN_DIR, `${String(listing.id).replace(/[^\w-]/g, '')}.js`);
  fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  return require(file); // sbd-bench: tp unsigned-code
}

async function installApproved(id, version, url) {
  const res = await fetch(url);
  const bytes = Buffer.from(await res.arrayBuffer());
  const digest = crypto.createHash('sha256').update(bytes).digest('hex');
  if (APPROVED_BUILDS[`${id}@${version}`] !== digest) throw new Error('plug-in build is not on the approved list');
  const file = path.join(PLUGIN_DIR, `${id}-${version}.js`);
  fs.writeFileSync(file, bytes);
  return require(file); // sbd-bench: tn unsigned-code
}

ipcMain.handle('plugins:install', (_event, pluginId) => installFromMarketplace(String(pluginId)));
ipcMain.handle('plugins:load', (_event, name) => loadBundled(String(name)));

ipcMain.handle('layout:restore', (_event, saved) => {
  return serialize.unserialize(saved); // sbd-bench: tp deserialization
});

ipcMain.handle('layout:restore-v2', (_event, saved) => {
  const layout = JSON.parse(saved); // sbd-bench: tn deserialization
  return { panes: Array.isArray(layout.panes) ? layout.panes.slice(0, 16) : [] };
});

ipcMain.handle('sr:open', async () => {
  // DICOM Structured Reports exported as XML by modality vendors and sent in by referring sites.
  const { canceled, filePaths } = await dialog.showOpenDialog({ filters: [{ name: 'DICOM SR', extensions: ['xml'] }] });
  if (canceled || filePaths.length === 0) return [];
  const doc = libxmljs.parseXml(fs.readFileSync(filePaths[0], 'utf8'), { noent: true, dtdload: true }); // sbd-bench: tp xxe
  return doc.find('//ContentSequence/TextValue').map((n) => n.text());
});

ipcMain.handle('sr:preview', (_event, xml) => {
  const doc = libxmljs.parseXml(xml, { nonet: true }); // sbd-bench: tn xxe
  return doc.get('//ConceptNameCodeSequence/CodeMeaning')?.text() ?? '';
});

const defaults = { hangingProtocol: { rows: 1, cols: 2 }, overlays: { ruler: true } };

function mergeSettings(into, patch) {
  for (const key in patch) {
    into[key] = patch[key] && typeof patch[key] === 'object' ? mergeSettings(into[key] || {}, patch[key]) : patch[key]; // sbd-bench: tp prototype-pollution
  }
  return into;
}

ipcMain.handle('settings:apply', (_event, json) => mergeSettings(structuredClone(defaults), JSON.parse(json)));

module.exports = { loadBundled, installFromMarketplace, installApproved };
