// Embeds the infusion-pump vendor's web console and the bed-management board in the nurse station and
// reacts to their events (alarms, bed moves).
import { Component, ElementRef, HostListener, Input, ViewChild } from '@angular/core';
import { Router } from '@angular/router';
import { AlarmService } from '../services/alarm.service';
import { environment } from '../../environments/environment';

@Component({
  selector: 'app-device-bridge',
  template: `
    <iframe #pumpConsole [src]="pumpConsoleUrl" title="Infusion pumps"></iframe>
    <iframe #bedBoard [src]="bedBoardUrl" title="Bed board"></iframe>
  `,
})
export class DeviceBridgeComponent {
  @Input() ward = '';
  @Input() pumpConsoleUrl: unknown;
  @Input() bedBoardUrl: unknown;
  @ViewChild('pumpConsole') pumpConsole?: ElementRef<HTMLIFrameElement>;
  @ViewChild('bedBoard') bedBoard?: ElementRef<HTMLIFrameElement>;

  constructor(private readonly alarms: AlarmService, private readonly router: Router) {}

  @HostListener('window:message', ['$event']) // sbd-bench: tp postmessage
  onPumpEvent(event: MessageEvent) {
    if (event.data?.kind === 'alarm') {
      this.alarms.raise({ pump: String(event.data.pump), priority: event.data.priority === 'high' ? 'high' : 'medium' });
    }
    if (event.data?.kind === 'silence') this.alarms.silence(String(event.data.pump));
  }

  @HostListener('window:message', ['$event'])
  onBedBoardEvent(event: MessageEvent) {
    if (event.origin !== environment.bedBoardOrigin) return; // sbd-bench: tn postmessage
    if (event.data?.kind === 'moved') this.router.navigate(['/ward', this.ward, 'beds']);
  }

  shareSelectedPatient(patientId: string, mrn: string) {
    this.bedBoard?.nativeElement.contentWindow?.postMessage({ kind: 'select', patientId, mrn }, environment.bedBoardOrigin); // sbd-bench: tn postmessage
    this.pumpConsole?.nativeElement.contentWindow?.postMessage({ kind: 'select', patientId, mrn }, '*'); // sbd-bench: tp postmessage
  }
}

// Receives results from the barcode-scanner helper page opened in a popup (camera access is only
// granted to that page).
export function listenForScan(onScan: (code: string) => void): () => void {
  const handler = (event: MessageEvent) => {
    if (event.origin.indexOf('scanner.example-health.org') === -1) return; // sbd-bench: tp postmessage
    onScan(String(event.data?.code ?? ''));
  };
  window.addEventListener('message', handler);
  return () => window.removeEventListener('message', handler);
}

export function replyToScanner(popup: Window, ok: boolean) {
  popup.postMessage({ kind: 'ack', ok }, 'https://scanner.example-health.org'); // sbd-bench: tn postmessage
}

export function legacyScanResult() {
  window.onmessage = (event: MessageEvent) => { // sbd-bench: tp postmessage
    const code = String(event.data ?? '');
    (document.getElementById('scan-result') as HTMLInputElement).value = code;
    document.getElementById('scan-form')?.dispatchEvent(new Event('submit'));
  };
}
