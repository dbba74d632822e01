import { Router } from 'express';
import * as cp from 'node:child_process';
import { promisify } from 'node:util';
import os from 'node:os';
import { sequelize } from '../db/sequelize';
import { QueryTypes } from 'sequelize';

export const admin = Router();
const execAsync = promisify(cp.exec);

admin.post('/diagnostics/ping', (req, res) => {
  const output = cp.execSync('ping -c 3 ' + req.body.host, { timeout: 10_000 }); // sbd-bench: tp command-injection
  res.type('text/plain').send(output.toString());
});

admin.get('/diagnostics/disk', async (_req, res) => {
  const { stdout } = await execAsync('df -h /var/lib/pgsql'); // sbd-bench: tn command-injection
  res.type('text/plain').send(stdout);
});

admin.get('/diagnostics/logs', async (req, res) => {
  const { stdout } = await execAsync(`journalctl -u ehr-api --since "${req.query.since}" --no-pager`); // sbd-bench: tp command-injection
  res.type('text/plain').send(stdout);
});

admin.get('/diagnostics/port', (req, res) => {
  const port = Number(req.query.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return res.sendStatus(400);
  const out = cp.execSync(`ss -ltnp sport = :${port}`); // sbd-bench: tn command-injection
  return res.type('text/plain').send(out.toString());
});

admin.get('/host', (_req, res) => {
  res.json({ host: os.hostname(), load: os.loadavg(), uptime: os.uptime() });
});

admin.get('/audit', async (req, res) => {
  const rows = await sequelize.query( // sbd-bench: tp sql-injection
    `SELECT at, actor, action FROM audit_log WHERE actor = '${req.query.actor}' ORDER BY at DESC`,
    { type: QueryTypes.SELECT },
  );
  res.json(rows);
});

admin.get('/audit/by-patient', async (req, res) => {
  const rows = await sequelize.query( // sbd-bench: tn sql-injection
    'SELECT at, actor, action FROM audit_log WHERE patient_id = :patientId ORDER BY at DESC',
    { replacements: { patientId: req.query.patientId }, type: QueryTypes.SELECT },
  );
  res.json(rows);
});
