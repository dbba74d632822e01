import nodemailer from 'nodemailer';
import twilio from 'twilio';
import axios from 'axios';

const SLACK_WEBHOOK_URL = 'https://hooks.slack.com/services/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'; // sbd-bench: tp hardcoded-secret

const sms = twilio(process.env.TWILIO_SID, process.env.TWILIO_TOKEN); // sbd-bench: tn hardcoded-secret

const mail = nodemailer.createTransport({
  host: 'smtp.example-health.org',
  port: 587,
  requireTLS: true, // sbd-bench: tn cleartext-transport
  tls: { rejectUnauthorized: false }, // sbd-bench: tp tls-verification
  auth: { user: 'alerts@example-health.org', pass: 'Alerts#2020!' }, // sbd-bench: tp hardcoded-secret
});

export interface CriticalResult {
  patientName: string;
  mrn: string;
  test: string;
  value: string;
}

export async function notifyCritical(r: CriticalResult, phone: string) {
  await sms.messages.create({ to: phone, from: process.env.TWILIO_FROM, body: `Critical result available. Log in to view.` });
  await axios.post(SLACK_WEBHOOK_URL, { text: `Critical ${r.test} result pending review` });
  await mail.sendMail({ to: 'lab-oncall@example-health.org', subject: 'Critical result', text: 'A critical result needs review.' });
  console.log('critical result notification', r); // sbd-bench: tp phi-in-logs
}

export const messages = {
  passwordRequired: 'Password is required', // sbd-bench: tn hardcoded-secret
  passwordTooShort: 'Password must be at least 12 characters',
};
