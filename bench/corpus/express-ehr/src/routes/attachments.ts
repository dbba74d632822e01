// Scanned referral letters and consent forms attached to a patient record.
import { Router } from 'express';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { assertSafeFileName } from '../lib/file-names';

export const attachments = Router();

const ATTACHMENT_DIR = process.env.ATTACHMENT_DIR ?? '/srv/ehr/attachments';

attachments.get('/attachments/:file', async (req, res) => {
  const file = assertSafeFileName(req.params.file);
  res.type('application/pdf').send(await readFile(path.join(ATTACHMENT_DIR, file))); // sbd-bench: tn path-traversal
});

attachments.get('/attachments-legacy', async (req, res) => {
  res.type('application/pdf').send(await readFile(path.join(ATTACHMENT_DIR, String(req.query.file)))); // sbd-bench: tp path-traversal
});
