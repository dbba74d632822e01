import express from 'express';
import fs from 'node:fs';
import { readFile as read, writeFile } from 'node:fs/promises';
import path from 'node:path';
import multer from 'multer';

export const files = express.Router();
const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: 10 * 1024 * 1024 } });
const ATTACHMENTS = path.resolve(process.env.ATTACHMENT_DIR ?? '/srv/ehr/attachments');

files.get('/attachments/:patientId/:file', async (req, res) => {
  const data = await read(`${ATTACHMENTS}/${req.params.patientId}/${req.params.file}`); // sbd-bench: tp path-traversal
  res.type('application/octet-stream').send(data);
});

files.get('/v2/attachments/:patientId/:file', async (req, res) => {
  const name = path.basename(req.params.file);
  const full = path.resolve(ATTACHMENTS, req.params.patientId, name);
  if (!full.startsWith(ATTACHMENTS + path.sep)) return res.sendStatus(400);
  const data = await read(full); // sbd-bench: tn path-traversal
  return res.type('application/octet-stream').send(data);
});

files.post('/attachments/:patientId', upload.single('file'), async (req, res) => {
  const dir = path.join(ATTACHMENTS, req.params.patientId);
  fs.mkdirSync(dir, { recursive: true }); // sbd-bench: tp path-traversal
  await writeFile(path.join(dir, req.file!.originalname), req.file!.buffer); // sbd-bench: tp path-traversal
  res.sendStatus(201);
});

files.delete('/attachments/:patientId/:file', (req, res) => {
  fs.unlink(path.resolve(ATTACHMENTS, req.params.patientId, req.params.file), (err) => { // sbd-bench: tp path-traversal
    if (err) return res.sendStatus(404);
    return res.sendStatus(204);
  });
});

files.get('/consent-form', (_req, res) => {
  res.sendFile(path.join(__dirname, '..', '..', 'static', 'consent-form.pdf')); // sbd-bench: tn path-traversal
});

files.get('/export/:jobId', (req, res) => {
  const jobId = req.params.jobId;
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(jobId)) return res.sendStatus(400);
  return res.download(path.join('/srv/ehr/exports', `${jobId}.zip`)); // sbd-bench: tn path-traversal
});

files.get('/export', (req, res) => {
  res.download(req.query.path as string); // sbd-bench: tp path-traversal
});
