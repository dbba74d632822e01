// Site-specific Z-segments (ZPI patient extras, ZAL allergy flags) sent by the ADT system and by the
// referring clinics' interface engines, mapped into the patient record's "extensions" object.
import { splitSegments } from './parser';

export type Extensions = Record<string, Record<string, string>>;

const KNOWN_Z_SEGMENTS = new Set(['ZPI', 'ZAL', 'ZIN']);

// ZPI|language.primary=de|language.interpreter=Y|transport.mode=wheelchair — group.field=value pairs.
export function mapZSegments(message: string, extensions: Extensions): Extensions {
  for (const segment of splitSegments(message).filter((s) => s.startsWith('Z'))) {
    const [, ...pairs] = segment.split('|');
    for (const pair of pairs) {
      const [path, value = ''] = pair.split('=');
      const [groupName, field] = path.split('.');
      const group = extensions[groupName] ?? (extensions[groupName] = {});
      group[field] = value; // sbd-bench: tp prototype-pollution
    }
  }
  return extensions;
}

export function mapKnownZSegments(message: string): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const segment of splitSegments(message).filter((s) => KNOWN_Z_SEGMENTS.has(s.slice(0, 3)))) {
    const [id, ...pairs] = segment.split('|');
    const group = out.get(id) ?? new Map<string, string>();
    for (const pair of pairs) {
      const [key, value = ''] = pair.split('=');
      group.set(key, value); // sbd-bench: tn prototype-pollution
    }
    out.set(id, group);
  }
  return out;
}

// MSH-2 carries the component, repetition, escape and subcomponent characters of this message.
export function componentsOf(message: string, field: string): string[] {
  const encodingCharacters = (splitSegments(message)[0] ?? '').split('|')[1] ?? '^~\\&';
  return field.split(new RegExp(`[${encodingCharacters}]`)); // sbd-bench: tp redos
}

// ZAL|PEN^Penicillin^local~LAT^Latex^local  — repeated coded allergies.
const ALLERGY_LIST = /^(([A-Z0-9]+\^?)+~?)+$/; // sbd-bench: tp redos

export function allergiesOf(zal: string): string[] {
  const field = zal.split('|')[1] ?? '';
  if (!ALLERGY_LIST.test(field)) return [];
  return field.split('~').map((rep) => rep.split('^')[0]);
}
