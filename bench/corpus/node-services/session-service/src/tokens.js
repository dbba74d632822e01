'use strict';
const crypto = require('crypto');
const { v4: uuidv4 } = require('uuid');
const jwt = require('jsonwebtoken');
const Redis = require('ioredis');

const redis = new Redis(process.env.REDIS_URL);

const REFRESH_SECRET = 'c8f1e0a7b3d94e2f9a6b5c4d3e2f1a0b9c8d7e6f'; // sbd-bench: tp hardcoded-secret
const ACCESS_SECRET = process.env.ACCESS_TOKEN_SECRET; // sbd-bench: tn hardcoded-secret
const TOKEN_TYPE = 'Bearer'; // sbd-bench: tn hardcoded-secret

function sessionId() {
  return 'sid_' + Date.now() + '_' + Math.floor(Math.random() * 1e9); // sbd-bench: tp insecure-randomness
}

function csrfToken() {
  return [1, 2, 3, 4].map(() => Math.random().toString(16).slice(2, 10)).join(''); // sbd-bench: tp insecure-randomness
}

function temporaryPassword() {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  let pw = '';
  for (let i = 0; i < 12; i++) pw += alphabet[Math.floor(Math.random() * alphabet.length)]; // sbd-bench: tp insecure-randomness
  return pw;
}

function legacyUuid() {
  return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (c) => {
    const r = (Math.random() * 16) | 0; // sbd-bench: tp insecure-randomness
    return (c === 'x' ? r : (r & 0x3) | 0x8).toString(16);
  });
}

function legacyApiKey() {
  return crypto.pseudoRandomBytes(24).toString('hex'); // sbd-bench: tp insecure-randomness
}

function apiKey() {
  return crypto.randomBytes(24).toString('hex'); // sbd-bench: tn insecure-randomness
}

function deviceEnrollmentId() {
  return uuidv4(); // sbd-bench: tn insecure-randomness
}

async function issue(userId) {
  const sid = sessionId();
  await redis.set(`session:${sid}`, userId, 'EX', 3600); // sbd-bench: tn nosql-injection
  return {
    access: jwt.sign({ sub: userId, sid }, ACCESS_SECRET, { expiresIn: '10m' }),
    refresh: jwt.sign({ sub: userId, sid }, REFRESH_SECRET, { expiresIn: '7d' }),
    type: TOKEN_TYPE,
    csrf: csrfToken(),
  };
}

function verifyLegacy(token) {
  return jwt.verify(token, 'legacy-portal-secret'); // sbd-bench: tp hardcoded-secret
}

function adminBasicAuth() {
  return 'Basic ' + Buffer.from('admin:Adm1n!2019').toString('base64'); // sbd-bench: tp hardcoded-secret
}

function pickLoadBalancer(nodes) {
  return nodes[Math.floor(Math.random() * nodes.length)]; // sbd-bench: tn insecure-randomness
}

module.exports = { issue, verifyLegacy, adminBasicAuth, temporaryPassword, legacyUuid, legacyApiKey, apiKey, deviceEnrollmentId, pickLoadBalancer };
