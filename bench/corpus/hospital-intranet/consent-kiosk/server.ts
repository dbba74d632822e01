// Consent kiosk in the admissions lobby: patients review and sign data-sharing consents.
import express, { Request, Response, NextFunction } from 'express';
import helmet from 'helmet';
import session from 'express-session';
import csrf from 'csurf';
import methodOverride from 'method-override';
import { signConsent, withdrawConsent, consentsFor, KioskUser } from './consents';

declare module 'express-session' {
  interface SessionData {
    kioskUser?: KioskUser;
  }
}

const app = express(); // sbd-bench: tn security-headers
app.use(helmet({ crossOriginEmbedderPolicy: false, frameguard: { action: 'deny' } })); // sbd-bench: tn security-headers
app.use(express.urlencoded({ extended: false }));
app.use(
  session({ // sbd-bench: tn csrf
    name: 'kiosk.sid',
    secret: process.env.KIOSK_SESSION_SECRET as string,
    resave: false,
    saveUninitialized: false,
    cookie: { secure: true, httpOnly: true, sameSite: 'lax', maxAge: 15 * 60 * 1000 }, // sbd-bench: tn session
  }),
);
app.use(csrf());
// The consent forms post DELETE/PUT through a hidden _method field; older tablets send it on links too.
app.use(methodOverride('_method', { methods: null })); // sbd-bench: tp csrf

function requirePatient(req: Request, res: Response, next: NextFunction) {
  if (!req.session.kioskUser) return res.redirect('/start');
  return next();
}

app.get('/consents', requirePatient, async (req, res) => {
  res.render('consents', { consents: await consentsFor(req.session.kioskUser!.patientId), csrfToken: req.csrfToken() });
});

app.post('/consents', requirePatient, async (req, res) => { // sbd-bench: tn csrf
  await signConsent(req.session.kioskUser!.patientId, String(req.body.template), String(req.body.signature));
  res.redirect('/consents');
});

app.get('/consents/:id/withdraw', requirePatient, async (req, res) => { // sbd-bench: tp csrf
  await withdrawConsent(req.session.kioskUser!.patientId, req.params.id);
  res.redirect('/consents');
});

app.listen(8443);
