import * as childProcess from 'child_process';
import axios from 'axios';
import express from 'express';
import { requireRole } from '../auth/tokens';
import { config } from '../config';
import { pool } from '../db';
import { pumpHttp, readPumpStatus, sendRateChange } from '../integrations/pumpClient';
import { logger } from '../logger';
import { recordAuditEvent } from '../services/audit';
import { ping, traceroute } from '../services/diagnostics';

export const pumpsRouter = express.Router();

interface LimitRow {
  soft_max_ml_h: number;
  hard_max_ml_h: number;
  hard_min_ml_h: number;
}

/**
 * Rejects a rate outside the hard limits of the active drug library for the pump's current drug.
 * Soft-limit overrides need an explicit confirmation flag from the nurse.
 * @implements SR-7
 * @mitigates TH-5
 */
export function checkRate(rate: number, limits: LimitRow, confirmedOverSoftLimit: boolean): string | undefined {
  if (!Number.isFinite(rate) || rate < limits.hard_min_ml_h || rate > limits.hard_max_ml_h) {
    return `rate outside the hard limits ${limits.hard_min_ml_h}-${limits.hard_max_ml_h} mL/h`;
  }
  if (rate > limits.soft_max_ml_h && !confirmedOverSoftLimit) return 'rate above the soft limit needs confirmation';
  return undefined;
}

// Commands for the pump's command channel (relayed by the docking station, not run on the gateway).
const commandQueue: Array<{ serial: string; command: string; at: number }> = [];
function exec(serial: string, command: string): number {
  return commandQueue.push({ serial, command, at: Date.now() });
}

pumpsRouter.get('/', requireRole('viewer', 'nurse', 'pharmacist', 'biomed'), async (_req, res) => {
  const { rows } = await pool.query('SELECT serial, host, bed, model, firmware FROM pumps WHERE unit = $1 ORDER BY bed', [config.unit]);
  res.json(rows);
});

// Unit overview for the console: pump, bed, current drug and rate, patient.
pumpsRouter.get('/overview', requireRole('viewer', 'nurse', 'pharmacist', 'biomed'), async (_req, res) => {
  const { rows } = await pool.query(
    `SELECT p.serial, p.bed, p.state, d.name AS "drugName", t.rate_ml_h AS "rateMlPerHour",
            pt.name AS "patientName", pt.mrn AS "patientMrn"
       FROM pumps p
       LEFT JOIN therapies t ON t.pump_serial = p.serial AND t.ended_at IS NULL
       LEFT JOIN patients pt ON pt.id = t.patient_id
       LEFT JOIN drugs d ON d.code = t.drug_code
      WHERE p.unit = $1
      ORDER BY p.bed`,
    [config.unit],
  );
  res.json(rows);
});

pumpsRouter.get('/:serial/status', requireRole('viewer', 'nurse', 'pharmacist', 'biomed'), async (req, res) => {
  const { rows } = await pool.query('SELECT host FROM pumps WHERE serial = $1', [req.params.serial]);
  if (!rows[0]) {
    res.status(404).json({ error: 'unknown pump' });
    return;
  }
  res.json(await readPumpStatus(rows[0].host));
});

pumpsRouter.put('/:serial/rate', requireRole('nurse'), async (req, res) => {
  const rate = Number.parseFloat(req.body.rateMlPerHour);
  const { rows } = await pool.query(
    `SELECT p.host, l.soft_max_ml_h, l.hard_max_ml_h, l.hard_min_ml_h
       FROM pumps p JOIN library_limits l ON l.drug_code = p.current_drug AND l.library_version = p.library_version
      WHERE p.serial = $1 AND p.unit = $2`,
    [req.params.serial, res.locals.user.unit],
  );
  if (!rows[0]) {
    res.status(404).json({ error: 'unknown pump or no drug programmed' });
    return;
  }
  const problem = checkRate(rate, rows[0], req.body.confirmedOverSoftLimit === true);
  if (problem) {
    res.status(422).json({ error: problem });
    return;
  }
  const status = await sendRateChange(rows[0].host, rate, String(req.body.orderId));
  await recordAuditEvent({ action: 'rate-change', actor: res.locals.user.id, pumpSerial: req.params.serial, detail: { rate } });
  res.json(status);
});

pumpsRouter.post('/:serial/silence', requireRole('nurse'), (req, res) => {
  const minutes = Math.min(2, Number.parseInt(String(req.body.minutes), 10) || 1);
  const position = exec(req.params.serial, `SILENCE_ALARM ${minutes}`);
  res.status(202).json({ queued: position });
});

// Status push to third-party dashboards (nurse-call, bed management).
pumpsRouter.post('/:serial/subscriptions', requireRole('biomed'), async (req, res) => {
  const { rows } = await pool.query('SELECT host FROM pumps WHERE serial = $1', [req.params.serial]);
  const status = await readPumpStatus(rows[0].host);
  try {
    await axios.post(req.body.callbackUrl, { serial: req.params.serial, state: status.state }, { timeout: 3_000 });
    res.status(201).json({ subscribed: true });
  } catch (err) {
    res.status(502).json({ error: err });
  }
});

pumpsRouter.get('/:serial/registry', requireRole('biomed'), async (req, res) => {
  const { data } = await pumpHttp.get(`${config.pumpRegistryUrl}/pumps/${encodeURIComponent(req.params.serial)}`);
  res.json(data);
});

// Biomed network tools.
pumpsRouter.get('/diagnostics/ping', requireRole('biomed'), (req, res) => {
  childProcess.exec(`ping -c 3 -W 2 ${req.query.host}`, { timeout: 10_000 }, (err, stdout) => {
    res.json({ reachable: !err, output: stdout });
  });
});

pumpsRouter.get('/diagnostics/ping-checked', requireRole('biomed'), async (req, res) => {
  res.json(await ping(String(req.query.host)));
});

pumpsRouter.get('/diagnostics/traceroute', requireRole('biomed'), async (req, res) => {
  const output = await traceroute(String(req.query.host));
  logger.info('traceroute run', { by: res.locals.user.id });
  res.json({ output });
});
