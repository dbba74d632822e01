import express, { Request, Response } from 'express';
import { Pool } from 'pg';
import { exec } from 'child_process';
import logger from '../services/logger';
import { toFhirPatient } from '../services/fhir';

export const patients = express.Router();

const pool = new Pool({
  host: process.env.PGHOST,
  database: 'ehr',
  user: process.env.PGUSER,
  password: process.env.PGPASSWORD, // sbd-bench: tn hardcoded-secret
  ssl: { rejectUnauthorized: true, ca: process.env.PG_CA_PEM }, // sbd-bench: tn tls-verification
});

const SORTABLE = ['family_name', 'birth_date', 'admitted_at'];

patients.get('/search', async (req: Request, res: Response) => {
  const name = String(req.query.name ?? '');
  const sort = String(req.query.sort ?? 'family_name');
  const result = await pool.query( // sbd-bench: tp sql-injection
    `SELECT id, mrn, given_name, family_name, birth_date FROM patients
     WHERE family_name ILIKE '%${name}%' ORDER BY ${sort} LIMIT 50`,
  );
  res.json(result.rows);
});

patients.get('/search/safe', async (req: Request, res: Response) => {
  const name = String(req.query.name ?? '');
  const sort = String(req.query.sort ?? 'family_name');
  if (!SORTABLE.includes(sort)) return res.status(400).json({ error: 'unsupported sort column' });
  const result = await pool.query( // sbd-bench: tn sql-injection
    `SELECT id, mrn, given_name, family_name, birth_date FROM patients
     WHERE family_name ILIKE $1 ORDER BY ${sort} LIMIT 50`,
    [`%${name}%`],
  );
  logger.info('patient search', { hits: result.rowCount }); // sbd-bench: tn phi-in-logs
  return res.json(result.rows);
});

patients.get('/:mrn', async (req: Request, res: Response) => {
  const { rows } = await pool.query('SELECT * FROM patients WHERE mrn = $1', [req.params.mrn]); // sbd-bench: tn sql-injection
  if (rows.length === 0) return res.status(404).json({ error: 'Patient not found' }); // sbd-bench: tn error-exposure
  return res.json(toFhirPatient(rows[0])); // sbd-bench: tn xss
});

patients.post('/', async (req: Request, res: Response) => {
  const p = req.body;
  logger.info(`Registering patient ${p.givenName} ${p.familyName}, DOB ${p.birthDate}, MRN ${p.mrn}`); // sbd-bench: tp phi-in-logs
  try {
    const { rows } = await pool.query(
      'INSERT INTO patients (mrn, given_name, family_name, birth_date) VALUES ($1, $2, $3, $4) RETURNING id',
      [p.mrn, p.givenName, p.familyName, p.birthDate],
    );
    res.status(201).json({ id: rows[0].id });
  } catch (err: any) {
    res.status(500).json({ error: err.message, detail: err.detail, query: err.query }); // sbd-bench: tp error-exposure
  }
});

patients.post('/:mrn/select', async (req: Request, res: Response) => {
  const { rows } = await pool.query('SELECT mrn, given_name, family_name, birth_date FROM patients WHERE mrn = $1', [req.params.mrn]);
  if (rows.length === 0) return res.sendStatus(404);
  res.cookie('current_patient', JSON.stringify(rows[0]), { httpOnly: true, secure: true }); // sbd-bench: tp phi-in-storage
  res.cookie('current_patient_id', rows[0].mrn === req.params.mrn ? 'selected' : '', { httpOnly: true, secure: true }); // sbd-bench: tn phi-in-storage
  return res.sendStatus(204);
});

patients.delete('/:id', async (req: Request, res: Response) => {
  const id = parseInt(req.params.id, 10);
  if (Number.isNaN(id)) return res.sendStatus(400);
  await pool.query(`DELETE FROM patient_flags WHERE patient_id = ${id}`); // sbd-bench: tn sql-injection
  return res.sendStatus(204);
});

patients.get('/:id/wristband', (req: Request, res: Response) => {
  const printer = req.query.printer as string;
  exec(`lp -d ${printer} /var/spool/wristbands/${req.params.id}.pdf`, (err) => { // sbd-bench: tp command-injection
    if (err) {
      logger.error('wristband print failed', { code: err.code });
      return res.status(502).json({ error: 'Printing failed' });
    }
    return res.sendStatus(202);
  });
});

patients.get('/:id/notes', async (req: Request, res: Response) => {
  const order = req.query.order === 'asc' ? 'ASC' : 'DESC';
  const { rows } = await pool.query({ text: `SELECT id, authored, author FROM notes WHERE patient_id = $1 ORDER BY authored ${order}`, values: [req.params.id] }); // sbd-bench: tn sql-injection
  res.json(rows);
});

patients.get('/:id/allergies', async (req: Request, res: Response) => {
  try {
    const { rows } = await pool.query({ text: 'SELECT substance, reaction FROM allergies WHERE patient_id = ' + req.params.id }); // sbd-bench: tp sql-injection
    res.json(rows);
  } catch (err) {
    res.status(500).send({ error: err }); // sbd-bench: tp error-exposure
  }
});

patients.get('/:id/problems', async (req: Request, res: Response) => {
  try {
    const { rows } = await pool.query('SELECT code, display FROM problems WHERE patient_id = $1', [req.params.id]);
    res.json(rows);
  } catch (err) {
    logger.error('problem list failed', { err });
    res.status(500).json({ error: 'Could not load the problem list', ref: res.locals.requestId }); // sbd-bench: tn error-exposure
  }
});
