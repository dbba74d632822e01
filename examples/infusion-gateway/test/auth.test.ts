import { fakeQueries } from './helpers';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import { issueAccessToken, newSessionId, type Clinician } from '../src/auth/tokens';
import { requireEnv } from '../src/config';
import { pool } from '../src/db';
import { app } from '../src/server';

const nurse: Clinician = { id: 'c-1001', displayName: 'A. Nurse', role: 'nurse', unit: 'ICU-3' };
const viewer: Clinician = { id: 'c-2002', displayName: 'V. Iewer', role: 'viewer', unit: 'ICU-3' };

describe('authentication', () => {
  beforeEach(() => fakeQueries(pool, { 'FROM pumps': [{ serial: 'P-7', host: 'pump-7.icu3.hospital.local', bed: '7' }] }));

  /** @verifies SR-1 */
  it('rejects API calls without a bearer token', async () => {
    await request(app).get('/api/pumps').expect(401);
  });

  /** @verifies SR-1 */
  it('rejects tokens signed with another algorithm or key', async () => {
    const forged = jwt.sign({ sub: nurse.id, role: 'pharmacist' }, randomBytes(32), { algorithm: 'HS512' });
    await request(app).get('/api/pumps').set('authorization', `Bearer ${forged}`).expect(401);
  });

  /** @verifies SR-2 */
  it('issues access tokens that expire after 15 minutes', () => {
    const payload = issueAccessToken(nurse).split('.')[1];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { iat: number; exp: number };
    assert.equal(claims.exp - claims.iat, 15 * 60);
  });

  /** @verifies SR-2 */
  it('creates unpredictable 256-bit session ids', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newSessionId()));
    assert.equal(ids.size, 1000);
    for (const id of ids) assert.equal(Buffer.from(id, 'base64url').length, 32);
  });

  /** @verifies SR-3 */
  it('refuses to start without a required secret', () => {
    delete process.env.GW_TEST_UNSET;
    assert.throws(() => requireEnv('GW_TEST_UNSET'), /missing required setting GW_TEST_UNSET/);
  });
});

describe('authorisation', () => {
  /** @verifies SR-4 */
  it('does not let a viewer change an infusion rate', async () => {
    await request(app)
      .put('/api/pumps/P-7/rate')
      .set('authorization', `Bearer ${issueAccessToken(viewer)}`)
      .send({ rateMlPerHour: 12, orderId: 'O-55' })
      .expect(403);
  });

  /** @verifies SR-4 */
  it('does not let a nurse publish a drug library', async () => {
    await request(app)
      .post('/api/drug-library')
      .set('authorization', `Bearer ${issueAccessToken(nurse)}`)
      .set('content-type', 'application/octet-stream')
      .send(Buffer.alloc(16))
      .expect(403);
  });
});

describe('brute-force protection', () => {
  /** @verifies SR-10 */
  it('answers 429 after ten failed logins from one address', async () => {
    fakeQueries(pool, { 'FROM clinicians': [] });
    const attempt = () => request(app).post('/auth/login').send({ username: 'c-1001', password: randomBytes(9).toString('hex') });
    for (let i = 0; i < 10; i++) await attempt().expect(401);
    await attempt().expect(429);
  });
});
