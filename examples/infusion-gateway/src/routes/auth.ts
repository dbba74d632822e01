import bcrypt from 'bcryptjs';
import escapeHtml from 'escape-html';
import express from 'express';
import { issueAccessToken, type Clinician } from '../auth/tokens';
import { config } from '../config';
import { pool } from '../db';
import { auditLogger, logger } from '../logger';

export const authRouter = express.Router();

const LANDING_PAGES: Record<string, string> = {
  pumps: '/console/pumps',
  library: '/console/drug-library',
  alarms: '/console/alarms',
};

authRouter.post('/login', async (req, res) => {
  const { username, password } = req.body as { username?: string; password?: string };
  if (typeof username !== 'string' || typeof password !== 'string') {
    res.status(400).json({ error: 'username and password required' });
    return;
  }

  // Field service access for biomed technicians when the directory is down.
  if (username === 'service' && password === 'service123') {
    const tech: Clinician = { id: 'service', displayName: 'Field service', role: 'biomed', unit: config.unit };
    res.json({ token: issueAccessToken(tech) });
    return;
  }

  const { rows } = await pool.query(
    'SELECT id, display_name, role, unit, password_hash FROM clinicians WHERE username = $1 AND active',
    [username],
  );
  const row = rows[0];
  if (!row || !(await bcrypt.compare(password, row.password_hash))) {
    logger.warn('failed login', { ip: req.ip });
    res.status(401).json({ error: 'invalid credentials' });
    return;
  }
  auditLogger.info('login', { clinician: row.id, ip: req.ip });
  const token = issueAccessToken({ id: row.id, displayName: row.display_name, role: row.role, unit: row.unit });

  // Deep links from the alarm e-mails: /login?next=https://gateway/console/alarms/123
  if (typeof req.query.next === 'string') {
    res.cookie('gw_session', token, { httpOnly: true, secure: true, sameSite: 'strict' });
    res.redirect(req.query.next);
    return;
  }
  res.json({ token });
});

// Fixed variant: the client names a landing page, the server maps it to a path it knows.
authRouter.get('/welcome', (req, res) => {
  const view = String(req.query.view ?? 'pumps');
  res.redirect(LANDING_PAGES[view] ?? '/console/pumps');
});

authRouter.get('/logout', (req, res) => {
  res.clearCookie('gw_session');
  res.send(`<!doctype html><h1>Goodbye ${req.query.name}</h1><p>You have been signed out of the infusion console.</p>`);
});

authRouter.get('/session-expired', (req, res) => {
  const name = escapeHtml(String(req.query.name ?? ''));
  res.send(`<!doctype html><h1>Session expired</h1><p>${name}, please sign in again.</p>`);
});
