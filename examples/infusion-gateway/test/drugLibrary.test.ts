import { fakeQueries, signPackage } from './helpers';
import assert from 'node:assert/strict';
import request from 'supertest';
import { issueAccessToken, type Clinician } from '../src/auth/tokens';
import { loadSecrets } from '../src/config';
import { pool } from '../src/db';
import { chainRecord } from '../src/services/audit';
import { verifyPackageSignature } from '../src/services/packages';
import { app } from '../src/server';

const pharmacist: Clinician = { id: 'c-3003', displayName: 'P. Harm', role: 'pharmacist', unit: 'ICU-3' };
const library = Buffer.from(JSON.stringify({ version: '2026.10.1', entries: [{ drugCode: 'HEP-25', hardMaxMlPerHour: 40 }] }));

describe('drug library integrity', () => {
  /** @verifies SR-6 */
  it('accepts the manufacturer signature and rejects a modified package', () => {
    const signature = Buffer.from(signPackage(library), 'base64');
    const { releasePublicKey } = loadSecrets();
    assert.equal(verifyPackageSignature(library, signature, releasePublicKey), true);
    const tampered = Buffer.from(library.toString().replace('"hardMaxMlPerHour":40', '"hardMaxMlPerHour":400'));
    assert.equal(verifyPackageSignature(tampered, signature, releasePublicKey), false);
  });

  /** @verifies SR-6 */
  it('does not store a package whose signature fails', async () => {
    const seen = fakeQueries(pool, {});
    await request(app)
      .post('/api/drug-library')
      .set('authorization', `Bearer ${issueAccessToken(pharmacist)}`)
      .set('content-type', 'application/octet-stream')
      .set('x-package-manifest', JSON.stringify({ name: 'icu-library', kind: 'drug-library', version: '2026.10.1' }))
      .set('x-package-signature', signPackage(Buffer.from('another package')))
      .send(library)
      .expect(400);
    assert.equal(seen.length, 0);
  });

  /**
   * Written with the requirement; the version check is planned for release 2.4 (GW-340).
   * @verifies SR-14
   */
  it('rejects a library older than the installed one', async () => {
    fakeQueries(pool, { 'FROM drug_libraries': [{ version: '2026.11.0' }] });
    await request(app)
      .post('/api/drug-library')
      .set('authorization', `Bearer ${issueAccessToken(pharmacist)}`)
      .set('content-type', 'application/octet-stream')
      .set('x-package-manifest', JSON.stringify({ name: 'icu-library', kind: 'drug-library', version: '2026.10.1' }))
      .set('x-package-signature', signPackage(library))
      .send(library)
      .expect(409);
  });
});

describe('audit trail', () => {
  /** @verifies SR-8 */
  it('chains records so that an edited record is detected', () => {
    const first = chainRecord('', { action: 'library-published', actor: pharmacist.id }, new Date('2026-10-01T08:00:00Z'));
    const second = chainRecord(first.hash, { action: 'rate-change', actor: 'c-1001', pumpSerial: 'P-7' }, new Date('2026-10-01T08:05:00Z'));
    assert.equal(second.prev, first.hash);
    const edited = chainRecord('', { action: 'library-published', actor: 'c-9999' }, new Date('2026-10-01T08:00:00Z'));
    assert.notEqual(edited.hash, second.prev);
  });
});
