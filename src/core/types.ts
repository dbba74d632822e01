// Shared shapes of the engine. Positions are 0-based (LSP style); writers convert to 1-based where a
// format (SARIF, text) asks for it.

export type Severity = 'error' | 'warning' | 'info';
export type Confidence = 'high' | 'medium' | 'low';

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  /** Edits to the finding's own file, non-overlapping. */
  edits: TextEdit[];
  /** Safe fixes are applied by `sbd scan --fix` and offered as preferred quick fixes. */
  safe: boolean;
}

export interface Suppression {
  /** The comment's justification; empty when the author gave none. */
  justification: string;
  risk?: string;
  until?: string;
  /** 0-based line of the sbd-ignore comment. */
  line: number;
}

export interface Finding {
  ruleId: string;
  title: string;
  family: string;
  severity: Severity;
  confidence: Confidence;
  message: string;
  /** Workspace-relative path with forward slashes. */
  file: string;
  range: Range;
  cwe: number[];
  iec81001: string[];
  fr: string[];
  fixes: Fix[];
  fingerprint: string;
  /** Present when a valid, unexpired sbd-ignore comment covers the finding. */
  suppression?: Suppression;
}

/** A problem with an input the user owns (rule pack, config, YAML model): always names file and line. */
export interface InputProblem {
  file: string;
  line: number; // 1-based
  column: number; // 1-based
  message: string;
}

export class InputError extends Error {
  constructor(readonly problems: InputProblem[]) {
    super(problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`).join('\n'));
    this.name = 'InputError';
  }
}

export const SEVERITY_ORDER: Record<Severity, number> = { info: 0, warning: 1, error: 2 };
