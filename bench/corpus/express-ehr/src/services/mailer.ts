import nodemailer from 'nodemailer';

const transport = nodemailer.createTransport({
  host: 'smtp.example-health.org',
  port: 25,
  secure: false,
  ignoreTLS: true, // sbd-bench: tp cleartext-transport
  auth: { user: process.env.SMTP_USER, pass: process.env.SMTP_PASS },
});

export async function sendResetMail(to: string, link: string): Promise<void> {
  await transport.sendMail({ from: 'no-reply@example-health.org', to, subject: 'Password reset', text: `Reset your password: ${link}` });
}
