import { Router } from 'express';
import axios from 'axios';
import https from 'node:https';
import fs from 'node:fs';
import needle from 'needle';

export const integrations = Router();

const FHIR_BASE = process.env.FHIR_BASE_URL ?? 'https://fhir.example-health.org/r4';
const TRUSTED_ISSUERS = new Set(['https://fhir.example-health.org/r4', 'https://sandbox.example-health.org/r4']);

const labAgent = new https.Agent({
  ca: fs.readFileSync('/etc/ehr/certs/lab-ca.pem'), // sbd-bench: tn path-traversal
  keepAlive: true,
});

const STRIPE_KEY = 'sk_live_51HqY2kLmN8pQ3rS4tU5vW6xY7zA8bC9dE0fG1hI2jK3lM4nO5pQ6rS7t'; // sbd-bench: tp hardcoded-secret
const DRUG_DB_HEADERS = { 'X-Api-Key': '4f9c2e7a1b8d3f6e0c5a9b2d7e4f1a8c' }; // sbd-bench: tp hardcoded-secret
const API_KEY_HEADER = 'x-api-key'; // sbd-bench: tn hardcoded-secret

const legacyAgent = new https.Agent({ rejectUnauthorized: false }); // sbd-bench: tp tls-verification

integrations.get('/smart/launch', async (req, res) => {
  const iss = String(req.query.iss);
  const conf = await axios.get(`${iss}/.well-known/smart-configuration`); // sbd-bench: tp ssrf
  res.json({ authorize: conf.data.authorization_endpoint });
});

integrations.get('/smart/launch/v2', async (req, res) => {
  const iss = String(req.query.iss);
  if (!TRUSTED_ISSUERS.has(iss)) return res.status(400).json({ error: 'Unknown FHIR server' });
  const conf = await axios.get(`${iss}/.well-known/smart-configuration`); // sbd-bench: tn ssrf
  return res.json({ authorize: conf.data.authorization_endpoint });
});

integrations.get('/patients/:id/fhir', async (req, res) => {
  const r = await axios.get(`${FHIR_BASE}/Patient/${encodeURIComponent(req.params.id)}`); // sbd-bench: tn ssrf
  res.json(r.data);
});

integrations.post('/webhooks/test', async (req, res) => {
  const { callbackUrl } = req.body;
  await axios.post(callbackUrl, { type: 'ping', at: new Date().toISOString() }); // sbd-bench: tp ssrf
  res.sendStatus(204);
});

integrations.get('/lab/results/:orderId', async (req, res) => {
  const orderId = Number(req.params.orderId);
  const r = await axios.get(`https://lis.example-lab.com/api/orders/${orderId}/results`, { httpsAgent: labAgent }); // sbd-bench: tn ssrf
  res.json(r.data);
});

integrations.get('/legacy/lab/:orderId', async (req, res) => {
  const r = await axios.get(`https://old-lis.example-lab.com/orders/${Number(req.params.orderId)}`, {
    httpsAgent: legacyAgent,
  });
  res.json(r.data);
});

integrations.get('/imaging/thumbnail', (req, res) => {
  https.get(req.query.src as string, (upstream) => { // sbd-bench: tp ssrf
    res.setHeader('Content-Type', upstream.headers['content-type'] ?? 'image/png');
    upstream.pipe(res);
  });
});

integrations.post('/referrals/forward', async (req, res) => {
  const resp = await needle('post', req.body.partnerEndpoint, req.body.referral, { json: true }); // sbd-bench: tp ssrf
  res.status(resp.statusCode ?? 502).end();
});

integrations.get('/drugs/:ndc', async (req, res) => {
  const r = await axios.get(`https://api.example-drugdb.com/v2/ndc/${encodeURIComponent(req.params.ndc)}`, { headers: DRUG_DB_HEADERS }); // sbd-bench: tn ssrf
  res.json({ ...r.data, billing: Boolean(STRIPE_KEY), header: API_KEY_HEADER });
});

integrations.get('/pharmacy/formulary', async (_req, res) => {
  const r = await fetch('http://formulary.example-pharma.com/api/v1/drugs?active=true'); // sbd-bench: tp cleartext-transport
  res.json(await r.json());
});
