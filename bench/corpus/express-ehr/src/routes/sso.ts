// Single sign-on for clinicians: the hospital IdP posts back here; a local fallback login for downtime.
import { Router } from 'express';
import { promisify } from 'node:util';
import { verifyIdpAssertion, verifyLocalPassword } from '../services/identity';

export const sso = Router();

sso.post('/sso/callback', async (req, res) => {
  const profile = await verifyIdpAssertion(String(req.body.SAMLResponse));
  if (!profile) return res.status(401).send('Sign-in failed');
  req.session.user = { id: profile.employeeId, name: profile.displayName, roles: profile.roles }; // sbd-bench: tp session
  req.session.authenticated = true; // sbd-bench: tp session
  return res.redirect(String(req.session.returnTo ?? '/'));
});

sso.post('/downtime-login', async (req, res, next) => {
  const clinician = await verifyLocalPassword(String(req.body.username), String(req.body.password));
  if (!clinician) return res.status(401).send('Sign-in failed');
  try {
    await promisify(req.session.regenerate.bind(req.session))();
  } catch (err) {
    return next(err);
  }
  req.session.clinicianId = clinician.id; // sbd-bench: tn session
  return res.redirect('/');
});

sso.get('/sso/resume', (req, res) => {
  req.sessionID = String(req.query.sid); // sbd-bench: tp session
  res.redirect('/');
});

sso.post('/sso/logout', (req, res) => {
  req.session.user = undefined; // sbd-bench: tn session
  req.session.authenticated = false; // sbd-bench: tn session
  res.redirect('/sso/signed-out');
});
