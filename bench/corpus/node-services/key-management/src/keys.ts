import crypto, { generateKeyPairSync, createCipher, createDecipheriv, pbkdf2Sync, randomBytes } from 'crypto';
import CryptoJS from 'crypto-js';
import bcrypt from 'bcrypt';

const AWS_ACCESS_KEY_ID = 'AKIAQ3EGV7X2LPRT5NMW'; // sbd-bench: tp hardcoded-secret
const AWS_SECRET_ACCESS_KEY = process.env.AWS_SECRET_ACCESS_KEY; // sbd-bench: tn hardcoded-secret

const DEVICE_SIGNING_KEY = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAvN3zq2Qm0d5Wb3J9Qp6m0qJ3cU9uKk4bq3yXoB4Vw6m1e2ZCl7f9hX2cQm8dE1yF0q4tY6nP3rS5uV7wX9zA1bC3dE5fG7hJ9kL1mN3oP5qR7sT9\n-----END RSA PRIVATE KEY-----\n'; // sbd-bench: tp hardcoded-secret

export function legacyDeviceKeys() {
  return generateKeyPairSync('rsa', { modulusLength: 1024 }); // sbd-bench: tp weak-crypto
}

export function deviceKeys() {
  return generateKeyPairSync('rsa', { modulusLength: 3072 }); // sbd-bench: tn weak-crypto
}

export function deviceKeysEc() {
  return generateKeyPairSync('ed25519'); // sbd-bench: tn weak-crypto
}

export function sealLegacy(plain: string, password: string): string {
  const cipher = createCipher('aes-256-cbc', password); // sbd-bench: tp weak-crypto
  return cipher.update(plain, 'utf8', 'hex') + cipher.final('hex');
}

export function openV1(sealed: Buffer, key: Buffer): string {
  const decipher = createDecipheriv('des-ede3-cbc', key, sealed.subarray(0, 8)); // sbd-bench: tp weak-crypto
  return decipher.update(sealed.subarray(8)).toString('utf8') + decipher.final('utf8');
}

export function sealEcb(plain: Buffer, key: Buffer): Buffer {
  const cipher = crypto.createCipheriv('aes-128-ecb', key, null); // sbd-bench: tp weak-crypto
  return Buffer.concat([cipher.update(plain), cipher.final()]);
}

export function derivePinKey(pin: string, salt: Buffer): Buffer {
  return pbkdf2Sync(pin, salt, 1000, 32, 'sha1'); // sbd-bench: tp weak-crypto
}

export function derivePasswordKey(password: string): { salt: Buffer; key: Buffer } {
  const salt = randomBytes(16);
  return { salt, key: pbkdf2Sync(password, salt, 600_000, 32, 'sha256') }; // sbd-bench: tn weak-crypto
}

export function legacyTokenDigest(token: string): string {
  return CryptoJS.MD5(token).toString(); // sbd-bench: tp weak-crypto
}

export function signRequest(body: string, key: Buffer): string {
  return crypto.createHmac('sha256', key).update(body).digest('base64'); // sbd-bench: tn weak-crypto
}

export function legacySignRequest(body: string, key: Buffer): string {
  return crypto.createHmac('md5', key).update(body).digest('hex'); // sbd-bench: tp weak-crypto
}

export function sealStream(key: Buffer): crypto.Cipher {
  return crypto.createCipheriv('rc4', key, ''); // sbd-bench: tp weak-crypto
}

export function sealForKiosk(text: string, passphrase: string): string {
  return CryptoJS.DES.encrypt(text, passphrase).toString(); // sbd-bench: tp weak-crypto
}

export function hashKioskPin(pin: string): string {
  return bcrypt.hashSync(pin, 4); // sbd-bench: tp weak-crypto
}

const FIXED_IV = Buffer.from('a1b2c3d4e5f6a7b8');

export function sealWithFixedIv(plain: string, key: Buffer): string {
  const cipher = crypto.createCipheriv('aes-256-cbc', key, FIXED_IV); // sbd-bench: tp weak-crypto
  return cipher.update(plain, 'utf8', 'base64') + cipher.final('base64');
}

export function pemLooksValid(pem: string): boolean {
  return pem.startsWith('-----BEGIN PUBLIC KEY-----') && pem.trimEnd().endsWith('-----END PUBLIC KEY-----'); // sbd-bench: tn hardcoded-secret
}

export const signingKeyPresent = DEVICE_SIGNING_KEY.length > 0 && Boolean(AWS_ACCESS_KEY_ID) && Boolean(AWS_SECRET_ACCESS_KEY);
