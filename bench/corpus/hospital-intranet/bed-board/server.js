// Ward bed board: charge nurses assign and release beds from the nursing-station browser.
const express = require('express');
const session = require('express-session');
const RedisStore = require('connect-redis').default;
const { createClient } = require('redis');
const { listBeds, assignBed, releaseBed } = require('./beds');
const { authenticate } = require('./directory');

const redis = createClient({ url: process.env.REDIS_URL });
redis.connect().catch((err) => console.error('redis unavailable', err.message));

const app = express(); // sbd-bench: tp security-headers
app.set('view engine', 'ejs');
app.set('trust proxy', 1);
app.use(express.urlencoded({ extended: false }));
app.use(express.static('public'));
app.use(session({ // sbd-bench: tp csrf
  store: new RedisStore({ client: redis, prefix: 'bedboard:' }),
  secret: process.env.SESSION_SECRET,
  resave: false,
  saveUninitialized: false,
  cookie: { secure: false, maxAge: 8 * 60 * 60 * 1000 }, // sbd-bench: tp session
}));

function requireNurse(req, res, next) {
  if (!req.session.user) return res.redirect('/login');
  next();
}

app.get('/login', (_req, res) => res.render('login', { error: null }));

app.post('/login', async (req, res) => {
  const user = await authenticate(String(req.body.username || ''), String(req.body.password || ''));
  if (!user) return res.status(401).render('login', { error: 'Invalid credentials' });
  req.session.user = { id: user.id, ward: user.ward, role: user.role }; // sbd-bench: tp session
  res.redirect('/board');
});

app.get('/board', requireNurse, async (req, res) => { // sbd-bench: tn csrf
  res.render('board', { beds: await listBeds(req.session.user.ward) });
});

app.post('/beds/:bedId/assign', requireNurse, async (req, res) => {
  await assignBed(req.session.user.ward, req.params.bedId, String(req.body.encounterId), req.session.user.id);
  res.redirect('/board');
});

app.post('/beds/:bedId/release', requireNurse, async (req, res) => {
  await releaseBed(req.session.user.ward, req.params.bedId, req.session.user.id);
  res.redirect('/board');
});

app.listen(Number(process.env.PORT || 3000));
