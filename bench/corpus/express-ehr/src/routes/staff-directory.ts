// Staff directory and the printable care-team page; also called from the intranet portal and the
// nursing app, which run on other origins of the hospital domain.
import { Router } from 'express';
import cors from 'cors';
import { findStaff, careTeamFor, updateContactPrefs } from '../db/staff';

export const staffDirectory = Router();

const corsForIntranet = cors({
  origin: /^https:\/\/[\w.-]+\.example-hospital\.org/, // sbd-bench: tp cors
  credentials: true,
});

const corsForNursingApp = cors({
  origin: /^https:\/\/(nursing|wards)\.example-hospital\.org$/, // sbd-bench: tn cors
  credentials: true,
});

const corsForKiosk = cors({ origin: (origin, cb) => cb(null, origin), credentials: true }); // sbd-bench: tp cors

const corsForPortal = cors({ origin: process.env.PORTAL_ORIGIN, credentials: true }); // sbd-bench: tn cors

function allowSubdomainOrigin(origin: string | undefined, cb: (err: Error | null, allow?: boolean) => void) {
  if (!origin) return cb(null, false);
  try {
    const { protocol, hostname } = new URL(origin);
    return cb(null, protocol === 'https:' && (hostname === 'example-hospital.org' || hostname.endsWith('.example-hospital.org'))); // sbd-bench: tn cors
  } catch {
    return cb(null, false);
  }
}

// Staff emails: first.last@example-hospital.org, plus the legacy department mailboxes.
const STAFF_EMAIL = /^([a-zA-Z0-9_.-])+@(([a-zA-Z0-9-])+\.)+([a-zA-Z0-9]{2,4})+$/; // sbd-bench: tp redos
const EXTENSION = /^\+?[0-9 ]{3,16}$/; // sbd-bench: tn redos

staffDirectory.get('/staff', corsForIntranet, async (req, res) => {
  const q = String(req.query.q ?? '').slice(0, 80);
  res.json(await findStaff(q));
});

staffDirectory.get('/staff/by-email', corsForNursingApp, async (req, res) => {
  const email = String(req.query.email ?? '');
  if (!STAFF_EMAIL.test(email)) return res.status(400).json({ error: 'invalid email' });
  return res.json(await findStaff(email));
});

staffDirectory.put('/staff/me/contact', cors({ origin: allowSubdomainOrigin, credentials: true }), async (req, res) => {
  const phone = String(req.body.extension ?? '');
  if (!EXTENSION.test(phone)) return res.status(400).json({ error: 'invalid extension' });
  await updateContactPrefs(res.locals.principal.sub, { extension: phone, pager: req.body.pager === true });
  res.cookie('directory_prefs', 'saved', { maxAge: 3600 * 1000, sameSite: 'lax' }); // sbd-bench: tn session
  return res.status(204).end();
});

staffDirectory.get('/kiosk/on-duty', corsForKiosk, async (_req, res) => {
  res.json(await findStaff('on-duty'));
});

staffDirectory.get('/portal/care-team/:patientRef', corsForPortal, async (req, res) => {
  res.json(await careTeamFor(String(req.params.patientRef)));
});

staffDirectory.get('/care-team/:patientRef/print', async (req, res) => {
  const team = await careTeamFor(String(req.params.patientRef));
  res.set('Content-Security-Policy', "default-src * 'unsafe-inline' 'unsafe-eval' data: blob:"); // sbd-bench: tp security-headers
  res.render('care-team-print', { team });
});

staffDirectory.get('/care-team/:patientRef/embed', async (req, res) => {
  const team = await careTeamFor(String(req.params.patientRef));
  res.set('Content-Security-Policy', "default-src 'self'; frame-ancestors 'self' https://ehr.example-hospital.org"); // sbd-bench: tn security-headers
  res.render('care-team-embed', { team });
});
