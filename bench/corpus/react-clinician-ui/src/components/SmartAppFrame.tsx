// Hosts third-party SMART on FHIR apps (sepsis score, dosing calculator) inside the clinician UI and
// answers their context requests; also handles the login popup of the legacy scheduling module.
import { useEffect, useRef, useState } from 'react';
import { jwtDecode } from 'jwt-decode';
import type { Patient } from '../lib/types';

interface SmartApp {
  id: string;
  launchUrl: string;
  origin: string;
}

interface Props {
  app: SmartApp;
  patient: Patient;
  accessToken: string;
  idToken: string;
}

export function SmartAppFrame({ app, patient, accessToken, idToken }: Props) {
  const frame = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState(480);
  const clinicianName = (jwtDecode<{ name?: string }>(idToken).name ?? '').trim(); // sbd-bench: tn jwt

  useEffect(() => {
    const onMessage = (event: MessageEvent) => {
      if (event.origin !== app.origin || event.source !== frame.current?.contentWindow) return; // sbd-bench: tn postmessage
      if (event.data?.type === 'ui.resize') setHeight(Math.min(Number(event.data.height) || 480, 1600));
      if (event.data?.type === 'context.request') {
        frame.current?.contentWindow?.postMessage({ type: 'context.response', patient: patient.id, token: accessToken }, app.origin); // sbd-bench: tn postmessage
      }
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, [app.origin, patient.id, accessToken]);

  const onLoad = () => {
    frame.current?.contentWindow?.postMessage({ type: 'launch', patient: patient.id, mrn: patient.mrn, token: accessToken }, '*'); // sbd-bench: tp postmessage
  };

  return (
    <section aria-label={`${app.id} for ${clinicianName}`}>
      <iframe ref={frame} src={app.launchUrl} title={app.id} height={height} onLoad={onLoad} sandbox="allow-scripts allow-same-origin allow-forms" />
    </section>
  );
}

export function useLegacySchedulerLogin(onToken: (token: string) => void) {
  useEffect(() => {
    function onMessage(event: MessageEvent) {
      if (typeof event.data?.schedulerToken === 'string') onToken(event.data.schedulerToken);
    }
    window.addEventListener('message', onMessage); // sbd-bench: tp postmessage
    return () => window.removeEventListener('message', onMessage);
  }, [onToken]);
}

export function useDictationBridge(onText: (text: string) => void) {
  useEffect(() => {
    const handler = (event: MessageEvent) => {
      if (!event.origin.startsWith('https://dictation.example-health.org')) return; // sbd-bench: tp postmessage
      if (event.data?.type === 'transcript') onText(String(event.data.text));
    };
    window.addEventListener('message', handler);
    return () => window.removeEventListener('message', handler);
  }, [onText]);
}

export function useSessionSync(onLogout: () => void) {
  useEffect(() => {
    const channel = new BroadcastChannel('clinician-session');
    channel.onmessage = (event) => { // sbd-bench: tn postmessage
      if (event.data === 'logout') onLogout();
    };
    return () => channel.close();
  }, [onLogout]);
}
