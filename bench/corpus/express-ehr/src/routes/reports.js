'use strict';
const express = require('express');
const fs = require('fs');
const path = require('path');
const { execFile } = require('child_process');
const mysql = require('mysql2');

const router = express.Router();
const REPORT_DIR = path.join(__dirname, '..', '..', 'var', 'reports');

const connection = mysql.createConnection({
  host: 'reports-db.internal',
  user: 'reporting',
  password: 'R3p0rt!ng-2021', // sbd-bench: tp hardcoded-secret
  database: 'reports',
});

router.get('/reports/:name', (req, res) => {
  const file = path.join(REPORT_DIR, req.params.name);
  fs.readFile(file, (err, data) => { // sbd-bench: tp path-traversal
    if (err) return res.status(404).send('Report not found');
    res.type('application/pdf').send(data);
  });
});

router.get('/reports/:name/download', (req, res) => {
  res.sendFile(req.params.name, { root: REPORT_DIR }); // sbd-bench: tn path-traversal
});

router.get('/reports/by-ward', (req, res) => {
  const ward = req.query.ward;
  connection.query("SELECT patient_id, bed, acuity FROM census WHERE ward = '" + ward + "'", (err, rows) => { // sbd-bench: tp sql-injection
    if (err) return res.status(500).send('Query failed');
    res.json(rows);
  });
});

router.get('/reports/by-unit', (req, res) => {
  connection.execute('SELECT patient_id, bed, acuity FROM census WHERE unit = ?', [req.query.unit], (err, rows) => { // sbd-bench: tn sql-injection
    if (err) return res.status(500).send('Query failed');
    res.json(rows);
  });
});

router.post('/reports/render', (req, res) => {
  const { template } = req.body;
  const out = path.join(REPORT_DIR, `${Date.now()}.pdf`);
  execFile('wkhtmltopdf', ['--disable-javascript', '--', template, out], (err) => { // sbd-bench: tn command-injection
    if (err) return res.status(500).send('Render failed');
    res.json({ file: path.basename(out) });
  });
});

router.get('/reports/preview', (req, res) => {
  const title = req.query.title || 'Report';
  res.send(`<!doctype html><html><head><title>Preview</title></head><body><h1>${title}</h1></body></html>`); // sbd-bench: tp xss
});

router.post('/reports/:name/print', (req, res) => {
  const file = path.join(REPORT_DIR, path.basename(req.params.name));
  require('child_process').exec('lpr -P ' + req.query.printer + ' ' + file, (err) => { // sbd-bench: tp command-injection
    res.sendStatus(err ? 502 : 202);
  });
});

router.get('/reports/census.html', (req, res) => {
  connection.query(`SELECT bed, patient_name, attending FROM census WHERE unit = '${req.query.unit}'`, (err, rows) => { // sbd-bench: tp sql-injection
    if (err) return res.status(500).json({ error: err.toString(), sql: err.sql }); // sbd-bench: tp error-exposure
    res.write('<table>');
    rows.forEach((r) => res.write('<tr><td>' + r.bed + '</td><td>' + r.patient_name + '</td></tr>')); // sbd-bench: tp xss
    res.end('</table>');
  });
});

module.exports = router;
