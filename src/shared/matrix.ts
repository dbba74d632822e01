// The trace matrix webview's data and its typed message union. The webview (media/matrix.js) only
// renders rows and reports clicks by requirement id and index; it never sends a path.
import type { RequirementNode } from '../core/trace/graph';
import { MATRIX_EXPORT_FORMATS, MatrixExportFormat } from './protocol';

export type RequirementState = 'findings' | 'complete' | 'implemented' | 'verified' | 'none';

export const REQUIREMENT_STATE_LABELS: Record<RequirementState, string> = {
  findings: 'open findings',
  complete: 'implemented and verified',
  implemented: 'implemented, not verified',
  verified: 'verified, not implemented',
  none: 'neither implemented nor verified',
};

/** One state per requirement, shared by the Requirements tree and the matrix. Open findings win. */
export function requirementState(r: Pick<RequirementNode, 'openFindings' | 'implementations' | 'verifications'>): RequirementState {
  if (r.openFindings > 0) return 'findings';
  const implemented = r.implementations.length > 0;
  const verified = r.verifications.length > 0;
  if (implemented && verified) return 'complete';
  if (implemented) return 'implemented';
  return verified ? 'verified' : 'none';
}

export interface MatrixRef {
  /** `file:line`, with the declaration or test name when known. */
  label: string;
}

export interface MatrixRow {
  id: string;
  title: string;
  threats: string[];
  clauses: string[];
  implementations: MatrixRef[];
  tests: MatrixRef[];
  openFindings: number;
  state: RequirementState;
  stateLabel: string;
}

/** Extension → webview. `exported` reports the outcome of an export the page asked for, as text. */
export type ToMatrixMessage = { type: 'rows'; rows: MatrixRow[] } | { type: 'unavailable'; reason: string } | { type: 'exported'; text: string };

/** Webview → extension. */
export type FromMatrixMessage =
  | { type: 'ready' }
  | { type: 'openImplementation'; requirement: string; index: number }
  | { type: 'openTest'; requirement: string; index: number }
  | { type: 'revealRequirement'; requirement: string }
  | { type: 'export'; format: MatrixExportFormat };

export function refLabel(ref: { file: string; line: number; name?: string }): string {
  return ref.name ? `${ref.name} (${ref.file}:${ref.line})` : `${ref.file}:${ref.line}`;
}

export function matrixRows(requirements: readonly RequirementNode[]): MatrixRow[] {
  return requirements.map((r) => {
    const state = requirementState(r);
    return {
      id: r.id,
      title: r.title,
      threats: [...r.mitigates],
      clauses: [...r.activities],
      implementations: r.implementations.map((i) => ({ label: refLabel(i) })),
      tests: r.verifications.map((v) => ({ label: refLabel(v) })),
      openFindings: r.openFindings,
      state,
      stateLabel: REQUIREMENT_STATE_LABELS[state],
    };
  });
}

/** Narrows a message from the webview (untrusted input) to the union, or undefined. */
export function parseMatrixMessage(m: unknown): FromMatrixMessage | undefined {
  if (typeof m !== 'object' || m === null) return undefined;
  const o = m as Record<string, unknown>;
  switch (o.type) {
    case 'ready':
      return { type: 'ready' };
    case 'openImplementation':
    case 'openTest':
      return typeof o.requirement === 'string' && Number.isInteger(o.index) ? { type: o.type, requirement: o.requirement, index: o.index as number } : undefined;
    case 'revealRequirement':
      return typeof o.requirement === 'string' ? { type: 'revealRequirement', requirement: o.requirement } : undefined;
    case 'export':
      return MATRIX_EXPORT_FORMATS.includes(o.format as MatrixExportFormat) ? { type: 'export', format: o.format as MatrixExportFormat } : undefined;
    default:
      return undefined;
  }
}
