const https = require('https');
const http = require('http');
const request = require('request');
const EventSource = require('eventsource');
const { URL } = require('url');

if (process.env.FHIR_INSECURE === '1') {
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'; // sbd-bench: tp tls-verification
}
if (process.env.NODE_TLS_REJECT_UNAUTHORIZED === '0') { // sbd-bench: tn tls-verification
  console.warn('TLS certificate verification is disabled for this process');
}

const FHIR_TERMINOLOGY = 'http://tx.fhir.org/r4'; // sbd-bench: tp cleartext-transport

function getJson(url) {
  return new Promise((resolve, reject) => {
    const mod = url.startsWith('https:') ? https : http;
    mod.get(url, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve(JSON.parse(body)));
    }).on('error', reject);
  });
}

function expandValueSet(id) {
  return getJson(`${FHIR_TERMINOLOGY}/ValueSet/${encodeURIComponent(id)}/$expand`);
}

function fetchLegacyBundle(path) {
  return new Promise((resolve, reject) => {
    request({ uri: `https://legacy-his.example-hospital.org/fhir/${path}`, json: true, strictSSL: false }, (err, _res, body) => { // sbd-bench: tp tls-verification
      if (err) return reject(err);
      return resolve(body);
    });
  });
}

function fetchPartnerBundle(path) {
  return new Promise((resolve, reject) => {
    request({ uri: `https://partner-his.example-partner.org/fhir/${path}`, json: true, strictSSL: true }, (err, _res, body) => { // sbd-bench: tn tls-verification
      if (err) return reject(err);
      return resolve(body);
    });
  });
}

function subscribeEvents(onEvent) {
  const source = new EventSource('http://events.example-his.org/fhir/subscriptions/stream'); // sbd-bench: tp cleartext-transport
  source.onmessage = (e) => onEvent(JSON.parse(e.data));
  return source;
}

function healthCheck() {
  return getJson('http://localhost:8080/fhir/metadata'); // sbd-bench: tn cleartext-transport
}

function isSameServer(a, b) {
  return new URL(a).origin === new URL(b).origin;
}

module.exports = { fetchPartnerBundle, subscribeEvents, expandValueSet, fetchLegacyBundle, healthCheck, isSameServer };
