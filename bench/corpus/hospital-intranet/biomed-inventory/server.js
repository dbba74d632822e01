// Biomedical engineering inventory API (JSON only). Clients are the biomed mobile app and the CMMS
// integration; both send an OAuth access token in the Authorization header, no cookies are used.
const express = require('express');
const cors = require('cors');
const jwt = require('jsonwebtoken');
const { devices, logService } = require('./repo');

const ISSUER = 'https://login.example-hospital.org/realms/biomed';
const signingKey = process.env.BIOMED_JWT_PUBLIC_KEY;

const app = express(); // sbd-bench: tn security-headers
app.disable('x-powered-by');
app.use(express.json({ limit: '256kb' }));

// The manufacturer recall list is public reference data embedded by other hospitals' tools.
app.get('/public/recalls', cors(), async (_req, res) => { // sbd-bench: tn cors
  res.json(await devices.openRecalls());
});

function bearer(req, res, next) {
  const header = req.get('authorization') || '';
  const token = header.startsWith('Bearer ') ? header.slice(7) : '';
  try {
    req.auth = jwt.verify(token, signingKey, { algorithms: ['RS256'], issuer: ISSUER, audience: 'biomed-api' }); // sbd-bench: tn jwt
    return next();
  } catch {
    return res.status(401).json({ error: 'invalid token' });
  }
}

app.get('/devices/:assetTag/status', cors({ origin: 'https://cmms.example-hospital.org', methods: ['GET'] }), bearer, async (req, res) => { // sbd-bench: tn cors
  const device = await devices.byAssetTag(String(req.params.assetTag));
  return device ? res.json({ status: device.status, nextService: device.nextService }) : res.status(404).end();
});

app.get('/devices/:assetTag', bearer, async (req, res) => {
  const device = await devices.byAssetTag(String(req.params.assetTag));
  return device ? res.json(device) : res.status(404).end();
});

app.post('/devices/:assetTag/service', bearer, async (req, res) => { // sbd-bench: tn csrf
  const entry = await logService(String(req.params.assetTag), req.auth.sub, {
    kind: String(req.body.kind),
    passed: req.body.passed === true,
  });
  res.status(201).json(entry);
});

app.listen(Number(process.env.PORT || 8080));
