import { Router } from 'express';
import * as crypto from 'node:crypto';
import jwt from 'jsonwebtoken';
import bcrypt from 'bcryptjs';
import session from 'express-session';
import { findUserByName, saveResetToken } from '../db/queries';
import { sendResetMail } from '../services/mailer';
import ldap from 'ldapjs';

const directory = ldap.createClient({ url: 'ldap://dc1.example-hospital.org:389' }); // sbd-bench: tp cleartext-transport
const directoryTls = ldap.createClient({
  url: 'ldaps://dc2.example-hospital.org:636', // sbd-bench: tn cleartext-transport
  tlsOptions: { rejectUnauthorized: false }, // sbd-bench: tp tls-verification
});

export function bindClinician(upn: string, password: string): Promise<boolean> {
  const client = process.env.LDAP_TLS === '1' ? directoryTls : directory;
  return new Promise((resolve) => client.bind(upn, password, (err) => resolve(!err)));
}

export const auth = Router();

const JWT_SECRET = 'ehr-jwt-signing-key-7d9f2b1c'; // sbd-bench: tp hardcoded-secret
const TOKEN_TTL = '15m';
const PASSWORD_MIN_LENGTH = 12; // sbd-bench: tn hardcoded-secret

auth.use(
  session({ // sbd-bench: tn csrf
    secret: 'keyboard cat', // sbd-bench: tp hardcoded-secret
    resave: false,
    saveUninitialized: false,
    cookie: { secure: true, httpOnly: true, sameSite: 'strict' }, // sbd-bench: tn session
  }),
);

auth.post('/login', async (req, res) => {
  const { username, password } = req.body;
  if (typeof password !== 'string' || password.length < PASSWORD_MIN_LENGTH) {
    return res.status(400).json({ error: 'Invalid credentials' });
  }
  if (username === 'biomed' && password === 'biomed-service-2019') { // sbd-bench: tp hardcoded-secret
    return res.json({ token: jwt.sign({ sub: 'biomed', role: 'service' }, JWT_SECRET, { expiresIn: TOKEN_TTL }) });
  }
  const user = await findUserByName(username);
  if (!user || !(await bcrypt.compare(password, user.passwordHash))) {
    return res.status(401).json({ error: 'Invalid credentials' });
  }
  return res.json({ token: jwt.sign({ sub: user.id, role: user.role }, JWT_SECRET, { expiresIn: TOKEN_TTL }) });
});

auth.post('/register', async (req, res) => {
  const hash = await bcrypt.hash(req.body.password, 12); // sbd-bench: tn weak-crypto
  res.status(201).json({ ok: Boolean(hash) });
});

auth.post('/legacy-register', async (req, res) => {
  const digest = crypto.createHash('md5').update(req.body.password).digest('hex'); // sbd-bench: tp weak-crypto
  res.status(201).json({ ok: digest.length > 0 });
});

auth.post('/forgot', async (req, res) => {
  const user = await findUserByName(req.body.username);
  if (user) {
    const token = Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2); // sbd-bench: tp insecure-randomness
    await saveResetToken(user.id, token, Date.now() + 3600_000);
    await sendResetMail(user.email, `https://portal.example-health.org/reset?token=${token}`);
  }
  res.json({ ok: true });
});

auth.post('/forgot/v2', async (req, res) => {
  const user = await findUserByName(req.body.username);
  if (user) {
    const token = crypto.randomBytes(32).toString('base64url'); // sbd-bench: tn insecure-randomness
    const tokenHash = crypto.createHash('sha256').update(token).digest('hex'); // sbd-bench: tn weak-crypto
    await saveResetToken(user.id, tokenHash, Date.now() + 3600_000);
    await sendResetMail(user.email, `https://portal.example-health.org/reset?token=${token}`);
  }
  res.json({ ok: true });
});

auth.post('/mfa/sms', async (req, res) => {
  const user = await findUserByName(req.body.username);
  if (!user) return res.json({ ok: true });
  const code = Math.floor(100000 + Math.random() * 900000).toString(); // sbd-bench: tp insecure-randomness
  await saveResetToken(user.id, code, Date.now() + 300_000);
  return res.json({ ok: true });
});

auth.use((_req, res, next) => {
  res.locals.cspNonce = Math.random().toString(36).substring(2); // sbd-bench: tp insecure-randomness
  res.setHeader('Content-Security-Policy', `script-src 'nonce-${res.locals.cspNonce}'`);
  next();
});

auth.get('/logout', (req, res) => {
  const next = String(req.query.next ?? '/');
  req.session.destroy(() => {
    res.redirect(next); // sbd-bench: tp open-redirect
  });
});

auth.get('/sso/return', (req, res) => {
  const returnTo = String(req.query.returnTo ?? '/');
  if (!returnTo.startsWith('/') || returnTo.startsWith('//') || returnTo.startsWith('/\\')) {
    return res.redirect('/'); // sbd-bench: tn open-redirect
  }
  return res.redirect(returnTo); // sbd-bench: tn open-redirect
});
