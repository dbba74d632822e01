// Dialysis chair scheduling for the renal unit and its satellite clinics.
import express from 'express';
import session from 'express-session';
import cors from 'cors';
import lusca from 'lusca';
import { scheduleFor, bookSlot, swapSlots, authenticateStaff, exportIcal } from './schedule';

const app = express(); // sbd-bench: tn security-headers
app.use((_req, res, next) => {
  res.setHeader('Content-Security-Policy', "default-src 'self'; frame-ancestors 'none'; object-src 'none'"); // sbd-bench: tn security-headers
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  res.setHeader('Referrer-Policy', 'same-origin');
  next();
});
app.use(
  cors({
    origin: /example-renal\.org$/, // sbd-bench: tp cors
    credentials: true,
  }),
);
app.use(express.urlencoded({ extended: false }));
app.use(
  session({ // sbd-bench: tn csrf
    secret: process.env.DIALYSIS_SESSION_SECRET as string,
    resave: false,
    saveUninitialized: false,
    cookie: { secure: true, httpOnly: true, sameSite: 'lax' },
  }),
);

// Satellite clinics' old booking form posts here without a token; registered before lusca on purpose.
app.post('/satellite/slots/:slotId/book', async (req, res) => { // sbd-bench: tp csrf
  if (!req.session.staffId) return res.status(401).end();
  await bookSlot(req.params.slotId, String(req.body.patientRef), req.session.staffId);
  res.redirect('/schedule');
});

app.use(lusca.csrf());

app.post('/login', async (req, res) => {
  const staff = await authenticateStaff(String(req.body.username), String(req.body.password));
  if (!staff) return res.status(401).render('login', { error: 'Invalid credentials' });
  req.session.regenerate((err) => {
    if (err) return res.status(500).render('login', { error: 'Please try again' });
    req.session.staffId = staff.id; // sbd-bench: tn session
    res.cookie('renal_unit', staff.unit, { secure: true, httpOnly: true, sameSite: 'lax' }); // sbd-bench: tn session
    return res.redirect('/schedule');
  });
});

app.post('/slots/:slotId/book', async (req, res) => { // sbd-bench: tn csrf
  if (!req.session.staffId) return res.status(401).end();
  await bookSlot(req.params.slotId, String(req.body.patientRef), req.session.staffId);
  res.redirect('/schedule');
});

app.post('/slots/swap', async (req, res) => {
  if (!req.session.staffId) return res.status(401).end();
  await swapSlots(String(req.body.a), String(req.body.b), req.session.staffId);
  res.redirect('/schedule');
});

app.get('/schedule', async (req, res) => {
  if (!req.session.staffId) return res.redirect('/login');
  res.render('schedule', { chairs: await scheduleFor(new Date()) });
});

app.get('/schedule.ics', async (req, res) => {
  if (!req.session.staffId) return res.status(401).end();
  res.type('text/calendar').send(await exportIcal(req.session.staffId));
});

export default app;
