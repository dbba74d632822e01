// On-call paging console: switchboard operators page the on-call registrar and track acknowledgements.
const express = require('express');
const session = require('express-session');
const MemoryStore = require('memorystore')(session);
const crypto = require('crypto');
const { rota, sendPage, acknowledgePage } = require('./paging');
const { login } = require('./auth');

const app = express(); // sbd-bench: tp security-headers
app.use(express.urlencoded({ extended: false }));
app.use(express.json());

app.use((req, res, next) => {
  const origin = req.get('Origin');
  if (origin && origin.endsWith('example-hospital.org')) {
    res.set('Access-Control-Allow-Origin', origin); // sbd-bench: tp cors
    res.set('Access-Control-Allow-Credentials', 'true');
  }
  next();
});

app.use(session({ // sbd-bench: tp csrf
  store: new MemoryStore({ checkPeriod: 3600 * 1000 }),
  secret: process.env.PAGING_SECRET,
  resave: false,
  saveUninitialized: true,
  cookie: { secure: true, httpOnly: true, sameSite: 'none' },
}));

app.post('/login', async (req, res) => {
  const operator = await login(String(req.body.username), String(req.body.password));
  if (!operator) return res.status(401).send('Invalid credentials');
  req.session.regenerate(() => {
    req.session.operator = operator.id;
    req.session.csrf = crypto.randomBytes(24).toString('hex');
    // Keeps the operator signed in across the 12-hour switchboard shift.
    res.setHeader('Set-Cookie', `switchboard_remember=${operator.rememberToken}; Path=/; Max-Age=43200`); // sbd-bench: tp session
    res.redirect('/console');
  });
});

app.post('/pages', async (req, res) => {
  if (!req.session.operator) return res.status(401).end();
  const page = await sendPage(String(req.body.rotaSlot), String(req.body.message).slice(0, 160), req.session.operator);
  res.status(201).json({ id: page.id });
});

// Acknowledge links are also used from the legacy pager gateway, which cannot send the token.
app.post('/pages/:id/ack', async (req, res) => {
  if (!req.session.operator) return res.status(401).end();
  if (req.body.csrf && req.body.csrf !== req.session.csrf) return res.status(403).end(); // sbd-bench: tp csrf
  await acknowledgePage(req.params.id, req.session.operator);
  res.status(204).end();
});

app.post('/logout', (req, res) => {
  req.session.destroy(() => {
    res.clearCookie('switchboard_remember'); // sbd-bench: tn session
    res.redirect('/');
  });
});

app.get('/rota', async (_req, res) => res.json(await rota()));

app.listen(4000);
