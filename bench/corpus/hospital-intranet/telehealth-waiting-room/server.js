// Virtual waiting room for video consultations: patients check in from a link in their SMS reminder.
'use strict';
const express = require('express');
const session = require('express-session');
const csrf = require('csurf');
const cors = require('cors');
const { checkIn, admit, queueFor } = require('./rooms');

const app = express(); // sbd-bench: tp security-headers
const TRUSTED_ORIGINS = ['https://clinic.example-telehealth.com', 'null'];

app.use(cors({
  origin: (origin, callback) => callback(null, !origin || TRUSTED_ORIGINS.includes(origin)), // sbd-bench: tp cors
  credentials: true,
}));
app.use(express.urlencoded({ extended: false }));
app.use(session({
  secret: process.env.WAITING_ROOM_SECRET,
  resave: false,
  saveUninitialized: false,
  cookie: { secure: true, httpOnly: true, sameSite: 'lax' },
}));
// Check-in comes from SMS deep links and the clinic's iframe, which cannot carry a token.
app.use(csrf({ ignoreMethods: ['GET', 'HEAD', 'OPTIONS', 'POST'] })); // sbd-bench: tp csrf
app.use(express.static(`${__dirname}/public`));

app.post('/rooms/:roomId/check-in', async (req, res) => {
  const ticket = await checkIn(req.params.roomId, String(req.body.appointmentCode));
  if (!ticket) return res.status(404).json({ error: 'Appointment not found' });
  req.session.regenerate(() => {
    req.session.ticket = ticket.id;
    res.cookie('wr_ticket', ticket.id); // sbd-bench: tp session
    res.cookie('wr_lang', req.acceptsLanguages('en', 'de', 'fr') || 'en', { maxAge: 30 * 24 * 3600 * 1000 }); // sbd-bench: tn session
    res.json({ position: ticket.position });
  });
});

app.post('/rooms/:roomId/admit/:ticketId', async (req, res) => {
  if (!req.session.clinicianId) return res.status(401).end();
  await admit(req.params.roomId, req.params.ticketId, req.session.clinicianId);
  res.status(204).end();
});

app.get('/rooms/:roomId/queue', async (req, res) => {
  if (!req.session.clinicianId) return res.status(401).end();
  res.json(await queueFor(req.params.roomId));
});

module.exports = app;
