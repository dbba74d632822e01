// Test environment: throw-away keys generated per run, so no secret is ever committed (SR-3).
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { rootCertificates } from 'node:tls';

const keyDir = mkdtempSync(path.join(tmpdir(), 'gw-test-keys-'));
const release = generateKeyPairSync('ed25519');
writeFileSync(path.join(keyDir, 'release-signing.pub.pem'), release.publicKey.export({ type: 'spki', format: 'pem' }));
writeFileSync(path.join(keyDir, 'hospital-ca.pem'), rootCertificates[0]);

process.env.KEY_DIR = keyDir;
process.env.GATEWAY_ENV = 'production';
process.env.REFRESH_TOKEN_SECRET = randomBytes(32).toString('base64');
process.env.PSEUDONYM_KEY = randomBytes(32).toString('base64');
process.env.EXPORT_KEY = randomBytes(32).toString('base64');
process.env.EXPORT_DIR = mkdtempSync(path.join(tmpdir(), 'gw-test-export-'));

/** Signs a package the way the manufacturer's release pipeline does. */
export function signPackage(pkg: Buffer): string {
  return sign(null, pkg, release.privateKey).toString('base64');
}

type Row = Record<string, unknown>;

/** Replaces `pool.query` with canned answers keyed by a fragment of the SQL text. */
export function fakeQueries(pool: { query: unknown }, answers: Record<string, Row[]>): string[] {
  const seen: string[] = [];
  pool.query = async (sql: string, params?: unknown[]) => {
    seen.push(`${sql} ${JSON.stringify(params ?? [])}`);
    const key = Object.keys(answers).find((k) => sql.includes(k));
    const rows = key ? answers[key] : [];
    return { rows, rowCount: rows.length };
  };
  return seen;
}
