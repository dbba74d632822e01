// Medication orders: lookup, listing and label printing.
import { Router } from 'express';
import { execFile, exec } from 'node:child_process';
import * as path from 'node:path';
import { promises as fs } from 'node:fs';
import { pool, withClient } from '../lib/db';
import { cleanDisplayName, normalizeMrn, orderColumn, parsePatientId, parseWeightKg } from '../lib/validation';
import { clientOf, formularyHost, labelTemplate, returnTo } from '../lib/request-context';

export const orders = Router();
const LABEL_DIR = '/var/lib/dose-service/labels';

orders.get('/patients/:id/orders', async (req, res) => {
  const id = parsePatientId(req.params.id);
  const sort = orderColumn(req.query.sort);
  const { rows } = await pool.query(`SELECT * FROM orders WHERE patient_id = ${id} ORDER BY ${sort} DESC`); // sbd-bench: tn sql-injection
  res.json(rows);
});

orders.get('/orders/by-mrn', async (req, res) => {
  const mrn = normalizeMrn(String(req.query.mrn));
  const { rows } = await pool.query(`SELECT o.* FROM orders o JOIN patients p ON p.id = o.patient_id WHERE p.mrn = '${mrn}'`); // sbd-bench: tp sql-injection
  res.json(rows);
});

orders.post('/orders/:id/weight', async (req, res) => {
  const kg = parseWeightKg(req.body.weightKg);
  await withClient((client) => client.query(`UPDATE orders SET weight_kg = ${kg} WHERE id = ${parsePatientId(req.params.id)}`)); // sbd-bench: tn sql-injection
  res.sendStatus(204);
});

orders.post('/orders/:id/note', async (req, res) => {
  const author = cleanDisplayName(String(req.body.author));
  await withClient((client) => client.query(`INSERT INTO order_notes (order_id, author) VALUES (${parsePatientId(req.params.id)}, '${author}')`)); // sbd-bench: tp sql-injection
  res.sendStatus(201);
});

orders.post('/orders/:id/label', async (req, res) => {
  const id = parsePatientId(req.params.id);
  const template = labelTemplate(req);
  exec(`glabels-batch --template ${template} --output ${LABEL_DIR}/${id}.pdf`); // sbd-bench: tp command-injection
  execFile('glabels-batch', ['--order', String(id), '--output', path.join(LABEL_DIR, `${id}.pdf`)]); // sbd-bench: tn command-injection
  exec(`lp -d ward-label ${LABEL_DIR}/${parsePatientId(req.params.id)}.pdf`); // sbd-bench: tn command-injection
  res.sendStatus(202);
});

orders.get('/orders/:id/label.pdf', async (req, res) => {
  const file = path.join(LABEL_DIR, `${parsePatientId(req.params.id)}.pdf`);
  res.type('pdf').send(await fs.readFile(file)); // sbd-bench: tn path-traversal
});

orders.get('/labels/templates/:name', async (req, res) => {
  const name = cleanDisplayName(req.params.name);
  res.type('xml').send(await fs.readFile(path.join(LABEL_DIR, 'templates', name))); // sbd-bench: tp path-traversal
});

orders.get('/formulary/:drug', async (req, res) => {
  const host = formularyHost(req);
  const answer = await fetch(`https://${host}/api/drugs/${encodeURIComponent(req.params.drug)}`); // sbd-bench: tp ssrf
  res.json(await answer.json());
});

orders.get('/formulary-default/:drug', async (req, res) => {
  const answer = await fetch(`https://formulary.internal/api/drugs/${encodeURIComponent(req.params.drug)}`); // sbd-bench: tn ssrf
  res.json(await answer.json());
});

orders.post('/orders/:id/sign', async (req, res) => {
  await pool.query('UPDATE orders SET signed_at = now(), signed_agent = $2 WHERE id = $1', [parsePatientId(req.params.id), clientOf(req)]); // sbd-bench: tn sql-injection
  res.redirect(returnTo(req)); // sbd-bench: tp open-redirect
});

orders.post('/orders/:id/cancel', async (req, res) => {
  await pool.query('UPDATE orders SET cancelled_at = now() WHERE id = $1', [parsePatientId(req.params.id)]);
  res.redirect(`/orders/${parsePatientId(req.params.id)}`); // sbd-bench: tn open-redirect
});
