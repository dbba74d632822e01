// Preload scripts of the viewer (isolated, narrow API) and of the legacy reporting tool.
import { contextBridge, ipcRenderer } from 'electron';

type Measurement = { seriesUid: string; kind: 'length' | 'angle' | 'roi'; value: number };

contextBridge.exposeInMainWorld('viewer', {
  loadStudy: (studyUid: string) => ipcRenderer.invoke('study:load', studyUid), // sbd-bench: tn electron
  saveMeasurement: (m: Measurement) => ipcRenderer.invoke('measurement:save', m),
  onPriorsReady: (cb: (count: number) => void) => ipcRenderer.on('priors:ready', (_e, count: number) => cb(count)),
});

// The reporting vendor's page calls arbitrary channels; exposed as-is for their SDK.
contextBridge.exposeInMainWorld('hostBridge', {
  send: (channel: string, ...args: unknown[]) => ipcRenderer.send(channel, ...args), // sbd-bench: tp electron
  version: () => '2.4.1',
});
