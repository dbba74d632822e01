let keyPromise: Promise<CryptoKey> | null = null;

function deviceKey(): Promise<CryptoKey> {
  keyPromise ??= crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']) as Promise<CryptoKey>; // sbd-bench: tn weak-crypto
  return keyPromise;
}

export async function encryptForDevice(plain: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12)); // sbd-bench: tn insecure-randomness
  const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await deviceKey(), new TextEncoder().encode(plain));
  return btoa(String.fromCharCode(...iv, ...new Uint8Array(data)));
}

export async function fingerprint(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)); // sbd-bench: tn weak-crypto
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
