import https from 'node:https';
import axios from 'axios';
import express from 'express';
import { requireRole } from '../auth/tokens';
import { config, loadSecrets } from '../config';
import { pool } from '../db';
import { recordAuditEvent } from '../services/audit';
import { sha256, verifyPackageSignature, type PackageManifest } from '../services/packages';

export const drugLibraryRouter = express.Router();

interface LibraryEntry {
  drugCode: string;
  name: string;
  concentrationMgPerMl: number;
  dosePerKgPerHour: number;
  hardMaxMlPerHour: number;
  /** Vendor-supplied dose rule, e.g. "weightKg * 0.1 / concentration". */
  doseRule?: string;
}

// The vendor portal's staging certificate is self-signed.
const vendor = axios.create({
  baseURL: config.drugLibraryVendorUrl,
  timeout: 15_000,
  httpsAgent: new https.Agent({ rejectUnauthorized: false }),
});

function compileDoseRule(expression: string): (weightKg: number, concentration: number) => number {
  return new Function('weightKg', 'concentration', `return (${expression});`) as (w: number, c: number) => number;
}

/**
 * Publishes a signed drug library: the package is stored only when the manufacturer's signature verifies.
 * @implements SR-6
 * @mitigates TH-4
 */
drugLibraryRouter.post(
  '/',
  requireRole('pharmacist'),
  express.raw({ type: 'application/octet-stream', limit: config.maxPackageBody }),
  async (req, res) => {
    const signature = Buffer.from(String(req.get('x-package-signature') ?? ''), 'base64');
    const manifest = JSON.parse(String(req.get('x-package-manifest') ?? '{}')) as PackageManifest;
    if (!verifyPackageSignature(req.body, signature, loadSecrets().releasePublicKey)) {
      res.status(400).json({ error: 'signature verification failed' });
      return;
    }
    await pool.query('INSERT INTO drug_libraries (version, sha256, content, published_by) VALUES ($1, $2, $3, $4)', [
      manifest.version,
      sha256(req.body),
      req.body,
      res.locals.user.id,
    ]);
    await recordAuditEvent({ action: 'library-published', actor: res.locals.user.id, detail: { version: manifest.version } });
    res.status(201).json({ version: manifest.version });
  },
);

// Pull a library straight from a URL the pharmacist pastes (vendor portal, shared drive link ...).
drugLibraryRouter.post('/import', requireRole('pharmacist'), async (req, res) => {
  const response = await fetch(req.body.url);
  const entries = (await response.json()) as LibraryEntry[];
  res.json({ received: entries.length });
});

drugLibraryRouter.get('/vendor/:version', requireRole('pharmacist'), async (req, res) => {
  const { data } = await vendor.get(`/libraries/${encodeURIComponent(req.params.version)}`);
  res.json(data);
});

// Dose preview in the order-entry screen: the pharmacist can try a formula before saving it.
drugLibraryRouter.post('/preview-dose', requireRole('pharmacist', 'nurse'), (req, res) => {
  const weightKg = Number(req.body.weightKg);
  const formula = String(req.body.formula).replace(/weight/g, String(weightKg));
  const dose = eval(formula);
  res.json({ dose });
});

drugLibraryRouter.post('/:drugCode/rate', requireRole('pharmacist', 'nurse'), async (req, res) => {
  const { rows } = await pool.query('SELECT entry FROM drug_library_entries WHERE drug_code = $1 AND active', [req.params.drugCode]);
  const entry = rows[0]?.entry as LibraryEntry | undefined;
  if (!entry) {
    res.status(404).json({ error: 'drug not in the active library' });
    return;
  }
  const weightKg = Number(req.body.weightKg);
  const rateMlPerHour = entry.doseRule
    ? compileDoseRule(entry.doseRule)(weightKg, entry.concentrationMgPerMl)
    : (weightKg * entry.dosePerKgPerHour) / entry.concentrationMgPerMl;
  res.json({ rateMlPerHour: Math.min(rateMlPerHour, entry.hardMaxMlPerHour) });
});
