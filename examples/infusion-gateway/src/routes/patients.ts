import * as fs from 'node:fs';
import * as path from 'node:path';
import express from 'express';
import { requireRole } from '../auth/tokens';
import { config, loadSecrets } from '../config';
import { pool } from '../db';
import { auditLogger, logger, pseudonym } from '../logger';
import { seal } from '../services/vault';

export const patientsRouter = express.Router();

export interface PatientSummary {
  mrn: string;
  name: string;
  birthDate: string;
  weightKg: number;
  allergies: string[];
  bed: string;
}

/**
 * Drops identifying fields before a record leaves the clinical views (used by the analytics export).
 * @implements SR-99
 */
export function redactPatient(p: PatientSummary) {
  return { bed: p.bed, weightKg: p.weightKg, allergyCount: p.allergies.length };
}

// Bedside lookup by MRN (barcode on the wristband).
patientsRouter.get('/:mrn', requireRole('nurse', 'pharmacist', 'viewer'), async (req, res) => {
  const result = await pool.query(
    `SELECT mrn, name, birth_date AS "birthDate", weight_kg AS "weightKg", allergies, bed
       FROM patients WHERE mrn = '${req.params.mrn}' AND discharged_at IS NULL`,
  );
  if (result.rowCount === 0) {
    res.status(404).json({ error: 'no admitted patient with this MRN' });
    return;
  }
  const patient = result.rows[0] as PatientSummary;
  // sbd-ignore SBD-LOG-001: temporary, to debug wristband scans on ward 3B (GW-311) [until: 2025-01-31]
  console.log(patient);
  res.json(patient);
});

/**
 * Active therapies of a patient; the MRN is bound as a query parameter.
 * @implements SR-15
 * @mitigates TH-3
 */
patientsRouter.get('/:mrn/therapies', requireRole('nurse', 'pharmacist', 'viewer'), async (req, res) => {
  const { rows } = await pool.query(
    `SELECT t.id, t.pump_serial AS "pumpSerial", t.drug_code AS "drugCode", t.rate_ml_h AS "rateMlPerHour", t.started_at AS "startedAt"
       FROM therapies t JOIN patients p ON p.id = t.patient_id
      WHERE p.mrn = $1 AND t.ended_at IS NULL
      ORDER BY t.started_at DESC`,
    [req.params.mrn],
  );
  logger.info(`Listed ${rows.length} active therapies`);
  res.json(rows);
});

patientsRouter.post('/:mrn/therapies', requireRole('nurse'), async (req, res) => {
  const { pumpSerial, drugCode, orderId } = req.body as { pumpSerial: string; drugCode: string; orderId: string };
  const { rows } = await pool.query('SELECT mrn, name, bed FROM patients WHERE mrn = $1', [req.params.mrn]);
  const patient = rows[0] as PatientSummary | undefined;
  if (!patient) {
    res.status(404).json({ error: 'no admitted patient with this MRN' });
    return;
  }
  await pool.query(
    'INSERT INTO therapies (patient_id, pump_serial, drug_code, order_id, started_by) SELECT id, $2, $3, $4, $5 FROM patients WHERE mrn = $1',
    [patient.mrn, pumpSerial, drugCode, orderId, res.locals.user.id],
  );
  logger.info(`Therapy started for ${patient.name} MRN ${patient.mrn} on pump ${pumpSerial}`);
  // sbd-ignore SBD-LOG-001: the audit sink is the access-controlled audit trail of SR-8, not the application log [risk: RA-5] [until: 2027-06-30]
  auditLogger.info('therapy started', { patientMrn: patient.mrn, pumpSerial, orderId, by: res.locals.user.id });
  logger.info('therapy started', { patientRef: pseudonym(patient.mrn, loadSecrets().pseudonymKey) });
  res.status(201).json({ ok: true });
});

// Handover list for the night shift, written for the ward's shared drive sync.
patientsRouter.post('/export', requireRole('pharmacist'), async (_req, res) => {
  const { rows: patients } = await pool.query('SELECT mrn, name, birth_date, bed, allergies FROM patients WHERE discharged_at IS NULL');
  fs.writeFileSync(path.join(config.exportDir, 'export.json'), JSON.stringify(patients));
  res.json({ exported: patients.length });
});

/**
 * Same export, sealed with AES-256-GCM under the export key from the secret store.
 * @implements SR-13
 */
patientsRouter.post('/export-sealed', requireRole('pharmacist'), async (_req, res) => {
  const { rows } = await pool.query('SELECT mrn, name, birth_date, bed, allergies FROM patients WHERE discharged_at IS NULL');
  const sealed = seal(Buffer.from(JSON.stringify(rows)), loadSecrets().exportKey);
  fs.writeFileSync(path.join(config.exportDir, `handover-${Date.now()}.bin`), sealed, { mode: 0o600 });
  res.json({ exported: rows.length });
});
