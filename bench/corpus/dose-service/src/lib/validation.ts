// Input validation shared by the dose-calculation routes.

const MAX_PATIENT_ID = 2_147_483_647;

export class ValidationError extends Error {
  readonly status = 400;
}

/** Patient ids are positive 32-bit integers. */
export function parsePatientId(raw: unknown): number {
  const id = Number.parseInt(String(raw), 10);
  if (!Number.isInteger(id) || id <= 0 || id > MAX_PATIENT_ID) throw new ValidationError('invalid patient id');
  return id;
}

/** Body weight in kilograms with one decimal, as entered on the pump. */
export function parseWeightKg(raw: unknown): number {
  const kg = Number(raw);
  if (!Number.isFinite(kg) || kg < 0.3 || kg > 400) throw new ValidationError('weight out of range');
  return Math.round(kg * 10) / 10;
}

/** MRNs arrive with stray whitespace and lower case from the scanner wedge. */
export function normalizeMrn(raw: string): string {
  return raw.trim().toUpperCase();
}

/** Display names for labels: collapse whitespace, keep the text as typed. */
export function cleanDisplayName(raw: string): string {
  return raw.replace(/\s+/g, ' ').trim();
}

const ORDER_COLUMNS = ['created_at', 'drug_name', 'dose_mg'] as const;

/** Sorting by anything but a known column falls back to the default order. */
export function orderColumn(raw: unknown): (typeof ORDER_COLUMNS)[number] {
  return ORDER_COLUMNS.find((c) => c === raw) ?? 'created_at';
}
