// Shareable view state of the flowsheet: column layout, filters and thresholds travel in the URL hash so
// that a clinician can send a colleague "this view of this patient".
import type { Patient } from './types';

export interface FlowsheetView {
  columns: string[];
  filters: Record<string, string>;
  thresholds: Record<string, { low?: number; high?: number }>;
}

const DEFAULT_VIEW: FlowsheetView = { columns: ['time', 'hr', 'bp', 'spo2'], filters: {}, thresholds: {} };
const THRESHOLD_KEYS = new Set(['hr', 'bp', 'spo2', 'rr', 'temp', 'gcs']);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function deepAssign(target: Record<string, any>, source: Record<string, any>): Record<string, any> {
  Object.keys(source).forEach((key) => {
    if (isObject(source[key])) deepAssign((target[key] ??= {}), source[key]);
    else target[key] = source[key]; // sbd-bench: tp prototype-pollution
  });
  return target;
}

function deepAssignSafe(target: Record<string, any>, source: Record<string, any>): Record<string, any> {
  for (const key of Object.keys(source)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    if (isObject(source[key])) deepAssignSafe((target[key] ??= {}), source[key]);
    else target[key] = source[key]; // sbd-bench: tn prototype-pollution
  }
  return target;
}

export function viewFromHash(hash: string): FlowsheetView {
  const shared = JSON.parse(decodeURIComponent(hash.replace(/^#view=/, '')) || '{}');
  return deepAssign(structuredClone(DEFAULT_VIEW), shared) as FlowsheetView;
}

export function viewFromHashSafe(hash: string): FlowsheetView {
  const shared = JSON.parse(decodeURIComponent(hash.replace(/^#view=/, '')) || '{}'); // sbd-bench: tn deserialization
  return deepAssignSafe(structuredClone(DEFAULT_VIEW), shared) as FlowsheetView;
}

export function thresholdsFromQuery(search: string): FlowsheetView['thresholds'] {
  const thresholds: FlowsheetView['thresholds'] = Object.create(null);
  for (const [param, value] of new URLSearchParams(search)) {
    const [vital, bound] = param.split('.');
    if (!THRESHOLD_KEYS.has(vital) || (bound !== 'low' && bound !== 'high')) continue;
    thresholds[vital] = { ...thresholds[vital], [bound]: Number(value) }; // sbd-bench: tn prototype-pollution
  }
  return thresholds;
}

export function filtersFromQuery(search: string): Record<string, string> {
  const filters: Record<string, string> = Object.create(null);
  new URLSearchParams(search).forEach((value, key) => {
    filters[key] = value; // sbd-bench: tn prototype-pollution
  });
  return filters;
}

// "Smith", "Smith-Jones", "O'Brien Smith": the name filter accepts a family name with separators.
const FAMILY_NAME = /^([A-Za-z]+[-' ]?)+$/; // sbd-bench: tp redos
const MRN = /^\d{6,10}$/; // sbd-bench: tn redos

export function matchesFilter(patient: Patient, filter: string): boolean {
  if (MRN.test(filter)) return patient.mrn === filter;
  if (!FAMILY_NAME.test(filter)) return false;
  return patient.name.toLowerCase().startsWith(filter.toLowerCase());
}

// The search term arrives in shared links (?q=...) and is highlighted in every note on the flowsheet.
export function highlight(text: string): RegExpMatchArray | null {
  const query = new URLSearchParams(window.location.search).get('q') ?? '';
  return text.match(new RegExp(`(${query})`, 'gi')); // sbd-bench: tp redos
}
