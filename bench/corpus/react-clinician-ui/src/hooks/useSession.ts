import { useEffect, useState } from 'react';

const TOKEN_STORAGE_KEY = 'clinician.session'; // sbd-bench: tn hardcoded-secret

function makeSessionNonce(): string {
  let out = '';
  for (let i = 0; i < 24; i++) out += Math.floor(Math.random() * 16).toString(16); // sbd-bench: tp insecure-randomness
  return out;
}

function makeRequestId(): string {
  return crypto.randomUUID(); // sbd-bench: tn insecure-randomness
}

export function useSession() {
  const [token, setToken] = useState<string | null>(() => sessionStorage.getItem(TOKEN_STORAGE_KEY));

  useEffect(() => {
    const onMessage = (event: MessageEvent) => {
      if (event.origin !== 'https://login.example-health.org') return;
      if (event.data?.type === 'session') {
        sessionStorage.setItem(TOKEN_STORAGE_KEY, event.data.token);
        setToken(event.data.token);
      }
    };
    window.addEventListener('message', onMessage); // sbd-bench: tn postmessage
    return () => window.removeEventListener('message', onMessage);
  }, []);

  const finishLogin = () => {
    const redirectUri = new URLSearchParams(window.location.search).get('redirect_uri');
    window.location.replace(redirectUri ?? '/'); // sbd-bench: tp open-redirect
  };

  const startLogin = () => {
    const nonce = makeSessionNonce();
    sessionStorage.setItem('login.nonce', nonce);
    window.open(`https://login.example-health.org/authorize?nonce=${nonce}&rid=${makeRequestId()}`, 'login');
  };

  return { token, startLogin, finishLogin };
}
