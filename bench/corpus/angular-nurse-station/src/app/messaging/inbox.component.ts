import { Component, OnDestroy, OnInit } from '@angular/core';
import { DomSanitizer, SafeHtml } from '@angular/platform-browser';
import { webSocket, WebSocketSubject } from 'rxjs/webSocket';
import { Subscription } from 'rxjs';

interface PageAlert {
  bed: string;
  patientName: string;
  messageHtml: string;
  priority: 'routine' | 'urgent' | 'stat';
}

@Component({
  selector: 'app-inbox',
  template: `<ul><li *ngFor="let a of alerts" [innerHTML]="a.html"></li></ul>`,
})
export class InboxComponent implements OnInit, OnDestroy {
  alerts: { html: SafeHtml; priority: string }[] = [];
  private socket: WebSocketSubject<PageAlert> = webSocket('ws://nurse-call.ward4.example-health.org:9000/alerts'); // sbd-bench: tp cleartext-transport
  private sub?: Subscription;

  constructor(private sanitizer: DomSanitizer) {}

  ngOnInit(): void {
    this.sub = this.socket.subscribe((alert) => {
      this.alerts.unshift({
        html: this.sanitizer.bypassSecurityTrustHtml(`<b>${alert.bed}</b> ${alert.messageHtml}`), // sbd-bench: tp xss
        priority: alert.priority,
      });
      document.title = `(${this.alerts.length}) Inbox`;
    });
  }

  ngOnDestroy(): void {
    this.sub?.unsubscribe();
  }
}
