// Shift handover notes (SBAR) between outgoing and incoming nurses; also read by the ward app on tablets.
import express from 'express';
import helmet from 'helmet';
import cors from 'cors';
import session from 'express-session';
import pgSession from 'connect-pg-simple';
import { pool } from './db';
import { notesForWard, saveNote, acknowledge } from './notes';

const PgStore = pgSession(session);
const app = express();

app.use(helmet({ contentSecurityPolicy: false })); // sbd-bench: tp security-headers
app.use(cors({ origin: true, credentials: true })); // sbd-bench: tp cors
app.use(express.json());
app.use(express.urlencoded({ extended: true }));
app.use(
  session({ // sbd-bench: tp csrf
    store: new PgStore({ pool, tableName: 'handover_sessions' }),
    secret: process.env.HANDOVER_SECRET!,
    resave: false,
    saveUninitialized: false,
    cookie: { secure: true, httpOnly: false, sameSite: 'none' }, // sbd-bench: tp session
  }),
);

app.get('/wards/:ward/handover', async (req, res) => {
  if (!req.session.nurseId) return res.status(401).end();
  res.render('handover', { notes: await notesForWard(req.params.ward) });
});

app.post('/wards/:ward/handover', async (req, res) => {
  if (!req.session.nurseId) return res.status(401).end();
  const id = await saveNote(req.params.ward, req.session.nurseId, {
    situation: String(req.body.situation ?? ''),
    background: String(req.body.background ?? ''),
    assessment: String(req.body.assessment ?? ''),
    recommendation: String(req.body.recommendation ?? ''),
  });
  res.status(201).json({ id });
});

app.post('/handover/:id/ack', async (req, res) => {
  if (!req.session.nurseId) return res.status(401).end();
  await acknowledge(req.params.id, req.session.nurseId);
  res.status(204).end();
});

export default app;
