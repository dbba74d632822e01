// Wound-care photo documentation: tissue-viability nurses upload photos with SVG measurement overlays
// from the ward tablets; the intranet wiki embeds the latest photo series.
import express from 'express';
import session from 'express-session';
import { csrfSync } from 'csrf-sync';
import cors from 'cors';
import multer from 'multer';
import libxmljs from 'libxmljs2';
import { saveSeries, latestSeries, signIn } from './wounds';

const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: 15 * 1024 * 1024 } });
const { csrfSynchronisedProtection, generateToken } = csrfSync();

// photo-2024-05-01_left-heel.jpg
const PHOTO_NAME = /^([\w-]+\.?)+\.(jpe?g|png)$/i; // sbd-bench: tp redos
const OVERLAY_NAME = /^[\w-]{1,80}\.svg$/i; // sbd-bench: tn redos

const app = express(); // sbd-bench: tp security-headers
app.set('view engine', 'pug');
const wikiCors = cors({ credentials: true, origin: (origin, cb) => cb(null, !origin || origin.includes('wiki.example-hospital.org')) }); // sbd-bench: tp cors
app.use(express.urlencoded({ extended: false }));
app.use(session({ // sbd-bench: tn csrf
  name: 'wound.sid',
  secret: process.env.WOUND_SESSION_SECRET as string,
  cookie: { sameSite: 'lax', secure: true, httpOnly: true, maxAge: 4 * 3600 * 1000 },
  resave: false,
  saveUninitialized: false,
}));
app.use(csrfSynchronisedProtection);

app.post('/sign-in', async (req, res) => {
  const nurse = await signIn(String(req.body.username), String(req.body.password));
  if (!nurse) return res.status(401).render('sign-in', { error: 'Invalid credentials', csrfToken: generateToken(req) });
  req.session.nurseId = nurse.id; // sbd-bench: tp session
  return res.redirect('/wounds');
});

app.post('/wounds/:woundId/series', upload.fields([{ name: 'photo' }, { name: 'overlay' }]), async (req, res) => {
  if (!req.session.nurseId) return res.status(401).end();
  const files = req.files as Record<string, Express.Multer.File[]>;
  const photo = files.photo?.[0];
  const overlay = files.overlay?.[0];
  if (!photo || !PHOTO_NAME.test(photo.originalname)) return res.status(400).send('photo required');
  let measurements: string[] = [];
  if (overlay && OVERLAY_NAME.test(overlay.originalname)) {
    const svg = libxmljs.parseXml(overlay.buffer.toString('utf8'), { noent: true, dtdload: true }); // sbd-bench: tp xxe
    measurements = svg.find('//*[local-name()="text"]').map((t) => t.text());
  }
  await saveSeries(req.params.woundId, req.session.nurseId, photo.buffer, measurements);
  return res.redirect(`/wounds/${encodeURIComponent(req.params.woundId)}`);
});

app.get('/wiki/latest/:woundId', wikiCors, async (req, res) => {
  if (!req.session.nurseId) return res.status(401).end();
  return res.render('latest', { series: await latestSeries(req.params.woundId) });
});

export default app;
