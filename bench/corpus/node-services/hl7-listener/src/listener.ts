import net from 'node:net';
import tls from 'node:tls';
import fs from 'node:fs';
import { exec } from 'node:child_process';
import { parsePid, splitSegments } from './parser';
import { storeAdt } from './store';

const VT = 0x0b;
const FS = 0x1c;
const CR = 0x0d;

function frames(onMessage: (msg: string) => void) {
  let buffer = Buffer.alloc(0);
  return (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    let start = buffer.indexOf(VT);
    let end = buffer.indexOf(FS);
    while (start !== -1 && end !== -1 && buffer[end + 1] === CR) {
      onMessage(buffer.subarray(start + 1, end).toString('utf8'));
      buffer = buffer.subarray(end + 2);
      start = buffer.indexOf(VT);
      end = buffer.indexOf(FS);
    }
  };
}

function handleMessage(message: string) {
  console.log('HL7 message received:\n' + message); // sbd-bench: tp phi-in-logs
  const segments = splitSegments(message);
  const pid = parsePid(segments.find((s) => s.startsWith('PID|')) ?? '');
  console.log(`ADT for ${pid.familyName}^${pid.givenName} DOB ${pid.birthDate}`); // sbd-bench: tp phi-in-logs
  console.log(`processed ${segments.length} segments, type ${segments[0]?.split('|')[8] ?? '?'}`); // sbd-bench: tn phi-in-logs
  exec(`/opt/labels/print-wristband --name '${pid.familyName}, ${pid.givenName}' --mrn ${pid.mrn}`); // sbd-bench: tp command-injection
  return storeAdt(pid);
}

// Legacy ward feed, plain MLLP on the hospital network.
export const legacyServer = net.createServer((socket) => { // sbd-bench: tp cleartext-transport
  socket.on('data', frames((msg) => {
    handleMessage(msg);
    socket.write(String.fromCharCode(VT) + 'MSH|^~\\&|ACK' + String.fromCharCode(FS, CR));
  }));
});
legacyServer.listen(2575);

export const secureServer = tls.createServer( // sbd-bench: tn cleartext-transport
  {
    key: fs.readFileSync('/etc/hl7/tls/server.key'),
    cert: fs.readFileSync('/etc/hl7/tls/server.crt'),
    ca: fs.readFileSync('/etc/hl7/tls/ca.crt'),
    requestCert: true,
    rejectUnauthorized: true, // sbd-bench: tn tls-verification
  },
  (socket) => socket.on('data', frames(handleMessage)),
);
secureServer.listen(6661);

const PINNED_LIS_FINGERPRINT = process.env.LIS_CERT_SHA256 ?? '';

export function forwardToLabTls(message: string) {
  const socket = tls.connect({
    host: 'lis.example-hospital.org',
    port: 6661,
    ca: fs.readFileSync('/etc/hl7/tls/ca.crt'),
    checkServerIdentity: (host, cert) => {
      const err = tls.checkServerIdentity(host, cert); // sbd-bench: tn tls-verification
      if (err) return err;
      if (cert.fingerprint256 !== PINNED_LIS_FINGERPRINT) return new Error('LIS certificate does not match the pinned fingerprint');
      return undefined;
    },
  });
  socket.end(String.fromCharCode(VT) + message + String.fromCharCode(FS, CR));
}

export function forwardToReferenceLab(message: string) {
  const socket = tls.connect({
    host: 'reflab.example-partner.com',
    port: 6662,
    checkServerIdentity: () => undefined, // sbd-bench: tp tls-verification
  });
  socket.end(String.fromCharCode(VT) + message + String.fromCharCode(FS, CR));
}

export function forwardToLab(message: string) {
  const client = net.connect({ host: 'lis.example-hospital.org', port: 2575 }, () => { // sbd-bench: tp cleartext-transport
    client.end(String.fromCharCode(VT) + message + String.fromCharCode(FS, CR));
  });
}
