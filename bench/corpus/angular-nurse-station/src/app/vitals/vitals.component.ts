import { Component, ElementRef, Input, OnChanges, ViewChild } from '@angular/core';
import { DomSanitizer, SafeHtml, SafeResourceUrl } from '@angular/platform-browser';
import { ActivatedRoute } from '@angular/router';
import { LoggerService } from '../services/logger.service';

export interface VitalSign {
  code: string;
  display: string;
  value: number;
  unit: string;
  effective: string;
}

@Component({
  selector: 'app-vitals',
  template: `
    <h3>{{ title }}</h3>
    <div [innerHTML]="annotation"></div>
    <iframe [src]="trendUrl" title="trend"></iframe>
    <svg #spark xmlns="http://www.w3.org/2000/svg" width="200" height="40"></svg>
  `,
})
export class VitalsComponent implements OnChanges {
  @Input() patientId = '';
  @Input() vitals: VitalSign[] = [];
  @ViewChild('spark', { static: true }) spark!: ElementRef<SVGElement>;

  title = 'Vital signs';
  annotation: SafeHtml = '';
  trendUrl: SafeResourceUrl;

  constructor(private sanitizer: DomSanitizer, private route: ActivatedRoute, private logger: LoggerService) {
    const note = this.route.snapshot.queryParamMap.get('note') ?? '';
    this.annotation = this.sanitizer.bypassSecurityTrustHtml(note); // sbd-bench: tp xss
    this.trendUrl = this.sanitizer.bypassSecurityTrustResourceUrl('/trends/embed.html'); // sbd-bench: tn xss
  }

  close(): void {
    const returnUrl = this.route.snapshot.queryParams['returnUrl'];
    window.location.href = returnUrl || '/ward'; // sbd-bench: tp open-redirect
  }

  ngOnChanges(): void {
    this.logger.log(`vitals for ${this.patientId}: ${this.vitals.length} readings`); // sbd-bench: tn phi-in-logs
    const points = this.vitals.map((v, i) => `${i * 10},${40 - v.value / 5}`).join(' ');
    this.spark.nativeElement.innerHTML = `<polyline points="${points}" fill="none" stroke="currentColor" />`; // sbd-bench: tn xss
  }
}
