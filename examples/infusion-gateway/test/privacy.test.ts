import { fakeQueries } from './helpers';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Request, Response } from 'express';
import request from 'supertest';
import { issueAccessToken } from '../src/auth/tokens';
import { config, loadSecrets } from '../src/config';
import { pool } from '../src/db';
import { pseudonym } from '../src/logger';
import { unseal } from '../src/services/vault';
import { app, errorHandler } from '../src/server';

describe('health data protection', () => {
  /** @verifies SR-9 */
  it('logs a stable pseudonym that does not contain the MRN', () => {
    const { pseudonymKey } = loadSecrets();
    const ref = pseudonym('000123456', pseudonymKey);
    assert.match(ref, /^pt_[0-9a-f]{16}$/);
    assert.ok(!ref.includes('123456'));
    assert.equal(pseudonym('000123456', pseudonymKey), ref);
  });

  /** @verifies SR-13 */
  it('writes the sealed handover export encrypted', async () => {
    const rows = [{ mrn: '000123456', bed: '7', allergies: ['penicillin'] }];
    fakeQueries(pool, { 'FROM patients': rows });
    await request(app)
      .post('/api/patients/export-sealed')
      .set('authorization', `Bearer ${issueAccessToken({ id: 'c-3003', displayName: 'P. Harm', role: 'pharmacist', unit: 'ICU-3' })}`)
      .expect(200);
    const file = readdirSync(config.exportDir).find((f) => f.startsWith('handover-'))!;
    const sealed = readFileSync(path.join(config.exportDir, file));
    assert.ok(!sealed.includes(Buffer.from('000123456')));
    assert.deepEqual(JSON.parse(unseal(sealed, loadSecrets().exportKey).toString()), rows);
  });

  /** @verifies SR-16 */
  it('answers unexpected errors without internals', () => {
    const res = {
      locals: { requestId: 'req-1' },
      statusCode: 0,
      body: undefined as unknown,
      status(code: number) {
        this.statusCode = code;
        return this;
      },
      json(body: unknown) {
        this.body = body;
        return this;
      },
      send(body: unknown) {
        this.body = body;
        return this;
      },
    };
    const err = new Error('relation "therapies" does not exist at /srv/gateway/src/routes/patients.ts:52');
    errorHandler(err, {} as Request, res as unknown as Response, () => undefined);
    assert.equal(res.statusCode, 500);
    assert.deepEqual(res.body, { error: 'internal error', requestId: 'req-1' });
  });
});
