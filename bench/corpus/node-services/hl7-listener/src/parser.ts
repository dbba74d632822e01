export interface PidSegment {
  mrn: string;
  familyName: string;
  givenName: string;
  birthDate: string;
  sex: string;
  address: string;
  ssn: string;
}

export function splitSegments(message: string): string[] {
  return message.split(/\r\n?|\n/).filter(Boolean);
}

export function parsePid(segment: string): PidSegment {
  const f = segment.split('|');
  const [family = '', given = ''] = (f[5] ?? '').split('^');
  const mrnMatch = /^([^\^]+)/.exec(f[3] ?? ''); // sbd-bench: tn command-injection
  return {
    mrn: mrnMatch ? mrnMatch[1] : '',
    familyName: family,
    givenName: given,
    birthDate: f[7] ?? '',
    sex: f[8] ?? '',
    address: f[11] ?? '',
    ssn: f[19] ?? '',
  };
}

export function evaluateMapping(field: string, mapping: string): string {
  const transform = new Function('value', mapping); // sbd-bench: tp code-injection
  return String(transform(field));
}
