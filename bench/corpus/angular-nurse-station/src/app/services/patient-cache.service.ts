import { Injectable } from '@angular/core';
import { HttpClient } from '@angular/common/http';
import { Observable, tap } from 'rxjs';

export interface PatientSummary {
  id: string;
  mrn: string;
  name: string;
  birthDate: string;
  activeProblems: string[];
  codeStatus: string;
}

@Injectable({ providedIn: 'root' })
export class PatientCacheService {
  constructor(private http: HttpClient) {}

  load(id: string): Observable<PatientSummary> {
    return this.http.get<PatientSummary>(`/api/patients/${encodeURIComponent(id)}/summary`).pipe(
      tap((p) => {
        localStorage.setItem(`patient:${id}`, JSON.stringify(p)); // sbd-bench: tp phi-in-storage
        sessionStorage.setItem('lastPatientId', id); // sbd-bench: tn phi-in-storage
      }),
    );
  }

  rememberCodeStatus(p: PatientSummary): void {
    sessionStorage.setItem('codeStatus', `${p.mrn}|${p.codeStatus}`); // sbd-bench: tp phi-in-storage
  }

  shuffleTips(tips: string[]): string[] {
    const out = [...tips];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1)); // sbd-bench: tn insecure-randomness
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }
}
