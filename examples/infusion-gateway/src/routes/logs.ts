import * as fs from 'node:fs';
import * as path from 'node:path';
import express from 'express';
import { requireRole } from '../auth/tokens';
import { config } from '../config';

// Log viewer for biomed technicians (gateway.log, gateway.1.log ..., pump-bridge.log).
export const logsRouter = express.Router();
logsRouter.use(requireRole('biomed'));

const LOG_ROOT = path.resolve(config.logDir);

logsRouter.get('/', (req, res) => {
  fs.readFile(path.join(config.logDir, req.query.file as string), 'utf8', (err, text) => {
    if (err) {
      res.status(404).json({ error: 'no such log file' });
      return;
    }
    res.type('text/plain').send(text);
  });
});

// Fixed variant: only a bare file name is accepted, and the resolved path must stay inside the log folder.
logsRouter.get('/download', (req, res) => {
  const name = path.basename(String(req.query.file ?? ''));
  const full = path.resolve(LOG_ROOT, name);
  if (!name.endsWith('.log') || !full.startsWith(LOG_ROOT + path.sep)) {
    res.status(400).json({ error: 'invalid log file name' });
    return;
  }
  fs.createReadStream(full).on('error', () => res.status(404).end()).pipe(res.type('text/plain'));
});

// Rotated logs by number: gateway.1.log ... gateway.9.log
logsRouter.get('/rotated/:n', (req, res) => {
  const n = Number.parseInt(req.params.n, 10);
  if (!(n >= 1 && n <= 9)) {
    res.status(400).json({ error: 'rotation index 1-9' });
    return;
  }
  fs.createReadStream(path.join(LOG_ROOT, `gateway.${n}.log`)).pipe(res.type('text/plain'));
});
