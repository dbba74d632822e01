'use strict';
const express = require('express');
const fetch = require('node-fetch');
const superagent = require('superagent');
const http = require('http');
const { URL } = require('url');
const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');

const router = express.Router();
const PACS_HOSTS = new Set(['pacs1.example-hospital.org', 'pacs2.example-hospital.org']);
const VIEWER_ORIGIN = 'https://viewer.example-hospital.org';
const STUDY_CACHE = '/var/cache/imaging';

router.get('/wado', async (req, res) => {
  const { server, study } = req.query;
  const upstream = await fetch(`${server}/wado-rs/studies/${encodeURIComponent(study)}`); // sbd-bench: tp ssrf
  res.status(upstream.status);
  upstream.body.pipe(res);
});

router.get('/wado/v2', async (req, res) => {
  let target;
  try {
    target = new URL(String(req.query.server));
  } catch {
    return res.status(400).json({ error: 'bad server URL' });
  }
  if (target.protocol !== 'https:' || !PACS_HOSTS.has(target.hostname)) return res.status(400).json({ error: 'server not allowed' });
  const upstream = await fetch(new URL(`/wado-rs/studies/${encodeURIComponent(String(req.query.study))}`, target)); // sbd-bench: tn ssrf
  res.status(upstream.status);
  return upstream.body.pipe(res);
});

router.get('/viewer-redirect', (req, res) => {
  res.location(req.query.to).sendStatus(302); // sbd-bench: tp open-redirect
});

router.post('/import', async (req, res) => {
  const manifest = await superagent.get(req.body.manifestUrl).timeout(10_000); // sbd-bench: tp ssrf
  res.json({ studies: manifest.body.studies.length });
});

router.get('/icon', (req, res) => {
  const u = new URL(req.query.href);
  http.get({ host: u.hostname, port: u.port || 80, path: u.pathname }, (r) => r.pipe(res)); // sbd-bench: tp ssrf
});

router.get('/open', (req, res) => {
  res.redirect(`${VIEWER_ORIGIN}/study/${encodeURIComponent(req.query.study)}`); // sbd-bench: tn open-redirect
});

router.get('/open-external', (req, res) => {
  res.redirect(301, req.query.viewer + '/study/' + req.query.study); // sbd-bench: tp open-redirect
});

router.get('/hanging-protocol', (req, res) => {
  const protocolFn = eval('(' + req.query.layout + ')'); // sbd-bench: tp code-injection
  res.json({ panes: protocolFn(4) });
});

router.get('/cache/:study/:instance', (req, res) => {
  const file = path.join(STUDY_CACHE, req.params.study, req.params.instance + '.dcm');
  fs.stat(file, (err, st) => { // sbd-bench: tp path-traversal
    if (err) return res.sendStatus(404);
    res.setHeader('Content-Length', st.size);
    return fs.createReadStream(file).pipe(res); // sbd-bench: tp path-traversal
  });
});

router.post('/anonymize', (req, res) => {
  const child = spawn('dcmodify', ['-ie', '-gin', '-nb', req.body.file], { shell: true }); // sbd-bench: tp command-injection
  child.on('close', (code) => res.json({ ok: code === 0 }));
});

router.post('/anonymize/v2', (req, res) => {
  const file = path.basename(String(req.body.file));
  const child = spawn('dcmodify', ['-ie', '-gin', '-nb', path.join(STUDY_CACHE, file)]); // sbd-bench: tn command-injection
  child.on('close', (code) => res.json({ ok: code === 0 }));
});

router.post('/convert', (req, res) => {
  const { tool, input } = req.body;
  const child = spawn(tool, ['--input', path.join(STUDY_CACHE, path.basename(input))]); // sbd-bench: tp command-injection
  child.on('close', (code) => res.json({ ok: code === 0 }));
});

module.exports = router;
