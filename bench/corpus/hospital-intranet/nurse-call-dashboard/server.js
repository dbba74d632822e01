// Nurse-call dashboard: a static single-page app on the corridor displays plus a small event API.
import express from 'express';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { recentCalls, subscribe } from './calls.js';

const dir = path.dirname(fileURLToPath(import.meta.url));
const app = express(); // sbd-bench: tp security-headers

// Web fonts are shared with the other corridor displays served from other hosts.
app.use('/fonts', (_req, res, next) => {
  res.set('Access-Control-Allow-Origin', '*'); // sbd-bench: tn cors
  next();
}, express.static(path.join(dir, 'fonts'), { maxAge: '30d' }));
app.use(express.static(path.join(dir, 'dist')));

app.get('/api/calls', async (req, res) => {
  res.json(await recentCalls(String(req.query.unit || '')));
});

app.get('/api/calls/stream', (req, res) => {
  res.set({ 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
  const off = subscribe((call) => res.write(`data: ${JSON.stringify({ bed: call.bed, level: call.level })}\n\n`));
  req.on('close', off);
});

app.get('*', (_req, res) => res.sendFile(path.join(dir, 'dist', 'index.html')));

app.listen(Number(process.env.PORT ?? 8081), '0.0.0.0');
