// Video visits with patients through the telehealth vendor's SDK; the vendor's pre-call device check
// runs in a popup and reports back.
import { useEffect, useRef, useState } from 'react';

const SDK_VERSION = '5.3.2';

declare global {
  interface Window {
    TeleVisit?: { join(el: HTMLElement, opts: { token: string; displayName: string }): () => void };
  }
}

function loadSdk(): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = `https://sdk.televisit-vendor.com/${SDK_VERSION}/televisit.js`; // sbd-bench: tp unsigned-code
    script.onload = () => resolve();
    script.onerror = () => reject(new Error('video SDK failed to load'));
    document.head.appendChild(script);
  });
}

export function VideoVisit({ visitToken, clinician }: { visitToken: string; clinician: string }) {
  const stage = useRef<HTMLDivElement>(null);
  const [deviceCheck, setDeviceCheck] = useState<'pending' | 'ok' | 'failed'>('pending');

  useEffect(() => {
    let leave: (() => void) | undefined;
    loadSdk().then(() => {
      if (stage.current && window.TeleVisit) leave = window.TeleVisit.join(stage.current, { token: visitToken, displayName: clinician });
    });
    return () => leave?.();
  }, [visitToken, clinician]);

  useEffect(() => {
    const onCheck = (event: MessageEvent) => {
      if (event.data?.kind === 'device-check') setDeviceCheck(event.data.ok ? 'ok' : 'failed');
    };
    window.addEventListener('message', onCheck); // sbd-bench: tp postmessage
    return () => window.removeEventListener('message', onCheck);
  }, []);

  return (
    <div>
      <p role="status">Camera and microphone: {deviceCheck}</p>
      <div ref={stage} className="video-stage" />
    </div>
  );
}
