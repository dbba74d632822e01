import { Injectable } from '@angular/core';
import { HttpClient } from '@angular/common/http';

@Injectable({ providedIn: 'root' })
export class TelemetryService {
  private readonly sampleRate = 0.05;

  constructor(private http: HttpClient) {}

  trackView(view: string, patient: { mrn: string; name: string }): void {
    if (Math.random() > this.sampleRate) return; // sbd-bench: tn insecure-randomness
    console.info('view', view, 'patient', patient.name, patient.mrn); // sbd-bench: tp phi-in-logs
    this.http.post('http://telemetry.example-health.org/v1/views', { view }).subscribe(); // sbd-bench: tp cleartext-transport
  }

  trackTiming(metric: string, ms: number): void {
    console.info(`timing ${metric}=${ms}ms`); // sbd-bench: tn phi-in-logs
    this.http.post('/telemetry/v1/timings', { metric, ms }).subscribe(); // sbd-bench: tn ssrf
  }
}
