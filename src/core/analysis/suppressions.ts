import ts from '../typescript';

export interface SuppressionComment {
  ruleIds: string[];
  justification: string;
  risk?: string;
  until?: string;
  /** 0-based lines: the comment's own and the next (the line above a finding or on it). */
  lines: [number, number];
  start: number;
  end: number;
}

const MARKER = 'sbd-ignore';
const HEAD = /^sbd-ignore\s+([A-Za-z0-9_-]+(?:\s*,\s*[A-Za-z0-9_-]+)*)\s*(?::\s*)?/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Is the position inside a comment (not a string, template or regex literal)? */
function inComment(sf: ts.SourceFile, pos: number): boolean {
  let node: ts.Node = sf;
  for (;;) {
    let next: ts.Node | undefined;
    ts.forEachChild(node, (c) => {
      if (!next && c.getStart(sf) <= pos && pos < c.getEnd()) next = c;
    });
    if (!next) break;
    node = next;
  }
  const k = node.kind;
  if (
    k === ts.SyntaxKind.StringLiteral ||
    k === ts.SyntaxKind.NoSubstitutionTemplateLiteral ||
    k === ts.SyntaxKind.TemplateHead ||
    k === ts.SyntaxKind.TemplateMiddle ||
    k === ts.SyntaxKind.TemplateTail ||
    k === ts.SyntaxKind.RegularExpressionLiteral ||
    k === ts.SyntaxKind.JsxText
  ) {
    return false;
  }
  // Trivia before a token belongs to that token's full range, not to its text: a comment sits before getStart.
  const before = sf.text.lastIndexOf('\n', pos);
  const lineBefore = sf.text.slice(before + 1, pos);
  return /\/\/|\/\*|^\s*\*/.test(lineBefore) || isInBlockComment(sf.text, pos);
}

function isInBlockComment(text: string, pos: number): boolean {
  const open = text.lastIndexOf('/*', pos);
  return open >= 0 && text.indexOf('*/', open) >= pos;
}

/**
 * Reads `// sbd-ignore RULE[, RULE]: justification [risk: X] [until: YYYY-MM-DD]` comments. Tolerant of
 * JSX (`{/* sbd-ignore … *\/}`) and block comments; a malformed one yields an entry with what it could read.
 */
export function parseSuppressions(sf: ts.SourceFile): SuppressionComment[] {
  const text = sf.text;
  const out: SuppressionComment[] = [];
  for (let i = text.indexOf(MARKER); i >= 0; i = text.indexOf(MARKER, i + MARKER.length)) {
    if (!inComment(sf, i)) continue;
    const lineEnd = text.indexOf('\n', i);
    let body = text.slice(i, lineEnd < 0 ? text.length : lineEnd).replace(/\r$/, '');
    const close = body.indexOf('*/');
    if (close >= 0) body = body.slice(0, close);
    const head = HEAD.exec(body);
    if (!head) continue;
    let rest = body.slice(head[0].length).trim();
    let risk: string | undefined;
    let until: string | undefined;
    rest = rest.replace(/\[\s*(risk|until)\s*:\s*([^\]]*)\]/gi, (_, key: string, value: string) => {
      if (key.toLowerCase() === 'risk') risk = value.trim();
      else until = value.trim();
      return '';
    });
    const line = sf.getLineAndCharacterOfPosition(i).line;
    out.push({
      ruleIds: head[1].split(',').map((s) => s.trim()),
      justification: rest.replace(/\s+/g, ' ').trim(),
      risk,
      until,
      lines: [line, line + 1],
      start: i,
      end: i + body.length,
    });
  }
  return out;
}

export function isValidDate(s: string): boolean {
  return DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));
}

/** True when `until` is a date strictly before `today` (YYYY-MM-DD). */
export function isExpired(until: string | undefined, today: string): boolean {
  return until !== undefined && isValidDate(until) && until < today;
}
