// Code actions, all computed here from the findings (never from diagnostic message text):
// the engine's fixes, "fix all of a rule", suppress with justification, link to a requirement and
// create a requirement from the finding.
import ts from '../core/typescript';
import {
  ClientCapabilities,
  CodeAction,
  CodeActionKind,
  CodeActionParams,
  CreateFile,
  Diagnostic,
  OptionalVersionedTextDocumentIdentifier,
  SnippetTextEdit,
  TextDocumentEdit,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseSource } from '../core/analysis/engine';
import { Finding } from '../core/types';
import { FileFindings, isFindingData, toDiagnostic } from './diagnostics';
import { eolOf, indentationOf, lineText, rangesOverlap } from './text';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.sbd`;

export interface RequirementCandidate {
  id: string;
  title: string;
  cwe: number[];
}

/** An edit to a file that may not be open (requirements.yaml). */
export interface FileEdit {
  uri: string;
  /** The open document's version, or null for a file on disk. */
  version: number | null;
  /** The file does not exist yet. */
  create: boolean;
  edits: TextEdit[];
}

export interface CodeActionInputs {
  doc: TextDocument;
  file: FileFindings;
  params: CodeActionParams;
  /** Requirements to offer for "Link to requirement" (best first is decided here). */
  requirements: RequirementCandidate[];
  /** The edit that appends a requirement made from a finding, or why it cannot be made. */
  createRequirement(finding: Finding): FileEdit | undefined;
}

const MAX_LINK_ACTIONS = 5;

export class CodeActionBuilder {
  constructor(private readonly capabilities: ClientCapabilities) {}

  private get snippetEdits(): boolean {
    const we = this.capabilities.workspace?.workspaceEdit;
    return !!we?.documentChanges && !!we.snippetEditSupport;
  }

  private get documentChanges(): boolean {
    return !!this.capabilities.workspace?.workspaceEdit?.documentChanges;
  }

  private get canCreateFiles(): boolean {
    return this.documentChanges && !!this.capabilities.workspace?.workspaceEdit?.resourceOperations?.includes('create');
  }

  build(input: CodeActionInputs): CodeAction[] {
    const { doc, file, params } = input;
    const only = params.context.only;
    const wants = (kind: string) => !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
    const open = file.findings.filter((f) => !f.suppression);
    const actions: CodeAction[] = [];

    if (wants(FIX_ALL_KIND)) {
      const safe = open.filter((f) => f.fixes.some((x) => x.safe));
      const edits = combine(doc, safe.map((f) => f.fixes.find((x) => x.safe)!.edits));
      if (edits.length) actions.push({ title: 'Fix all safely fixable Secure by Design findings', kind: FIX_ALL_KIND, edit: this.textEdit(doc, edits) });
    }
    if (!wants(CodeActionKind.QuickFix)) return actions;

    const here = this.findingsInContext(open, params);
    let sf: ts.SourceFile | undefined;
    const source = () => (sf ??= parseSource(file.rel, doc.getText()));
    const fixAllDone = new Set<string>();
    for (const { finding, diagnostic } of here) {
      for (const fix of finding.fixes) {
        actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: fix.safe, edit: this.textEdit(doc, fix.edits) });
      }
      const sameRule = open.filter((f) => f.ruleId === finding.ruleId && f.fixes.length);
      if (sameRule.length > 1 && finding.fixes.length && !fixAllDone.has(finding.ruleId)) {
        fixAllDone.add(finding.ruleId);
        const edits = combine(doc, sameRule.map((f) => (f.fixes.find((x) => x.safe) ?? f.fixes[0]).edits));
        actions.push({ title: `Fix all ${finding.ruleId} in this file`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: this.textEdit(doc, edits) });
      }
      // Findings about suppression comments themselves are fixed in the comment, not suppressed or traced.
      if (finding.family === 'suppression') continue;
      actions.push(this.suppress(doc, finding, diagnostic, source()));
      actions.push(...this.links(doc, finding, diagnostic, input.requirements, source()));
      if (finding.cwe.length === 0) continue;
      const created = input.createRequirement(finding);
      if (created && (!created.create || this.canCreateFiles)) {
        actions.push({ title: `Create security requirement from ${finding.ruleId}`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: this.fileEdit(created) });
      }
    }
    return actions;
  }

  /** The findings the client asks about: by the diagnostics it sends back, else by range. */
  private findingsInContext(open: Finding[], params: CodeActionParams): { finding: Finding; diagnostic: Diagnostic }[] {
    const out: { finding: Finding; diagnostic: Diagnostic }[] = [];
    const seen = new Set<string>();
    for (const d of params.context.diagnostics) {
      if (!isFindingData(d.data)) continue;
      const finding = open.find((f) => f.fingerprint === (d.data as { fingerprint: string }).fingerprint);
      if (finding && !seen.has(finding.fingerprint)) {
        seen.add(finding.fingerprint);
        out.push({ finding, diagnostic: d });
      }
    }
    if (out.length === 0) {
      for (const finding of open) {
        if (rangesOverlap(finding.range, params.range) && !seen.has(finding.fingerprint)) {
          seen.add(finding.fingerprint);
          out.push({ finding, diagnostic: toDiagnostic(finding) });
        }
      }
    }
    return out;
  }

  private suppress(doc: TextDocument, finding: Finding, diagnostic: Diagnostic, sf: ts.SourceFile): CodeAction {
    const line = finding.range.start.line;
    const content = lineText(doc, line);
    const indent = indentationOf(content);
    const eol = eolOf(doc.getText());
    const above = line > 0 ? lineText(doc, line - 1) : '';
    const existing = /^(\s*(?:\/\/|\{?\/\*)\s*sbd-ignore\s+[A-Za-z0-9_-]+(?:\s*,\s*[A-Za-z0-9_-]+)*)/.exec(above);
    if (existing) {
      // A second comment above would push the existing one out of reach of its own line: extend it.
      const at = { line: line - 1, character: existing[1].length };
      return {
        title: `Suppress ${finding.ruleId} (add it to the sbd-ignore comment above)`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: this.textEdit(doc, [TextEdit.insert(at, `, ${finding.ruleId}`)]),
      };
    }
    const jsx = inJsxChildren(sf, doc.offsetAt({ line, character: indent.length }));
    const [open, close] = jsx ? ['{/* ', ' */}'] : ['// ', ''];
    const head = `${indent}${open}sbd-ignore ${finding.ruleId}: `;
    const at = { line, character: 0 };
    const title = `Suppress ${finding.ruleId} with justification…`;
    if (this.snippetEdits) {
      const snippet: SnippetTextEdit = { range: { start: at, end: at }, snippet: { kind: 'snippet', value: `${escapeSnippet(head)}\${1:justification}${escapeSnippet(close)}${eol}` } };
      const edit: WorkspaceEdit = { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits: [snippet] } as unknown as TextDocumentEdit] };
      return { title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit };
    }
    // Without snippets the justification is left empty for the author to write: a placeholder word
    // would count as a justification and silently suppress the finding.
    return { title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: this.textEdit(doc, [TextEdit.insert(at, `${head}${close}${eol}`)]) };
  }

  private links(doc: TextDocument, finding: Finding, diagnostic: Diagnostic, requirements: RequirementCandidate[], sf: ts.SourceFile): CodeAction[] {
    if (requirements.length === 0) return [];
    const target = enclosingDeclaration(sf, doc.offsetAt(finding.range.start));
    const comments = leadingComments(sf, target);
    const linked = new Set<string>();
    for (const c of comments) for (const m of sf.text.slice(c.pos, c.end).matchAll(/@implements\s+([^\n*]*)/g)) for (const id of m[1].split(/[\s,]+/)) if (id) linked.add(id);
    const matching = requirements.filter((r) => r.cwe.some((c) => finding.cwe.includes(c)));
    const others = requirements.filter((r) => !matching.includes(r));
    const offered = [...matching, ...others].filter((r) => !linked.has(r.id)).slice(0, MAX_LINK_ACTIONS);
    return offered.map((r) => ({
      title: `Link to requirement ${r.id}${r.title ? ` (${r.title})` : ''}`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      edit: this.textEdit(doc, [implementsEdit(doc, sf, target, comments, r.id)]),
    }));
  }

  private textEdit(doc: TextDocument, edits: TextEdit[]): WorkspaceEdit {
    if (this.documentChanges) return { documentChanges: [TextDocumentEdit.create({ uri: doc.uri, version: doc.version }, edits)] };
    return { changes: { [doc.uri]: edits } };
  }

  fileEdit(e: FileEdit): WorkspaceEdit {
    if (!this.documentChanges) return { changes: { [e.uri]: e.edits } };
    const id: OptionalVersionedTextDocumentIdentifier = { uri: e.uri, version: e.version };
    return { documentChanges: [...(e.create ? [CreateFile.create(e.uri, { ignoreIfExists: true })] : []), TextDocumentEdit.create(id, e.edits)] };
  }
}

function escapeSnippet(text: string): string {
  return text.replace(/[$}\\]/g, '\\$&');
}

/** The edits of several fixes, each fix whole or not at all, without overlaps (first come, first kept). */
function combine(doc: TextDocument, groups: TextEdit[][]): TextEdit[] {
  const taken: { start: number; end: number }[] = [];
  const out: TextEdit[] = [];
  for (const group of groups) {
    const spans = group.map((e) => ({ start: doc.offsetAt(e.range.start), end: doc.offsetAt(e.range.end) }));
    const clash = spans.some((s) => taken.some((t) => (s.start < t.end && t.start < s.end) || (s.start === t.start && s.end === t.end)));
    if (clash) continue;
    taken.push(...spans);
    out.push(...group);
  }
  return out;
}

/** The nodes from the root down to the innermost one that starts at or before `offset` and contains it. */
function pathTo(sf: ts.SourceFile, offset: number, includeTrivia: boolean): ts.Node[] {
  const chain: ts.Node[] = [];
  let node: ts.Node = sf;
  for (;;) {
    let next: ts.Node | undefined;
    ts.forEachChild(node, (c) => {
      if (!next && (includeTrivia ? c.getFullStart() : c.getStart(sf)) <= offset && offset < c.getEnd()) next = c;
    });
    if (!next) return chain;
    chain.push(next);
    node = next;
  }
}

/** Is the offset a child of a JSX element (where `//` would be text, not a comment)? */
export function inJsxChildren(sf: ts.SourceFile, offset: number): boolean {
  const chain = pathTo(sf, offset, false);
  const isContainer = (n: ts.Node | undefined) => !!n && (ts.isJsxElement(n) || ts.isJsxFragment(n));
  for (let i = chain.length - 1; i > 0; i--) {
    const n = chain[i];
    if (ts.isJsxAttributes(n) || ts.isJsxOpeningElement(n) || ts.isJsxClosingElement(n) || ts.isBlock(n)) return false;
    if ((ts.isJsxElement(n) || ts.isJsxSelfClosingElement(n) || ts.isJsxFragment(n) || ts.isJsxText(n) || ts.isJsxExpression(n)) && isContainer(chain[i - 1])) return true;
  }
  return false;
}

const DECLARATION_KINDS = new Set([
  ts.SyntaxKind.FunctionDeclaration,
  ts.SyntaxKind.MethodDeclaration,
  ts.SyntaxKind.Constructor,
  ts.SyntaxKind.GetAccessor,
  ts.SyntaxKind.SetAccessor,
  ts.SyntaxKind.ClassDeclaration,
  ts.SyntaxKind.PropertyDeclaration,
]);

/**
 * The declaration a tag above the finding should document: the innermost function, method, class or
 * `const f = () => …`; outside any, the top-level statement that holds the finding (a route registration).
 */
export function enclosingDeclaration(sf: ts.SourceFile, offset: number): ts.Node {
  const chain = pathTo(sf, offset, true);
  for (let i = chain.length - 1; i >= 0; i--) {
    const n = chain[i];
    if (DECLARATION_KINDS.has(n.kind)) return n;
    if (ts.isVariableStatement(n) && n.declarationList.declarations.some((d) => d.initializer && (ts.isArrowFunction(d.initializer) || ts.isFunctionExpression(d.initializer) || ts.isClassExpression(d.initializer)))) return n;
  }
  return chain[0] ?? sf;
}

function leadingComments(sf: ts.SourceFile, node: ts.Node): ts.CommentRange[] {
  if (node === sf) return [];
  return ts.getLeadingCommentRanges(sf.text, node.getFullStart()) ?? [];
}

/** `@implements ID` for a declaration: into its JSDoc or tag comment if it has one, else a new line comment. */
function implementsEdit(doc: TextDocument, sf: ts.SourceFile, node: ts.Node, comments: ts.CommentRange[], id: string): TextEdit {
  const text = sf.text;
  const start = node === sf ? 0 : node.getStart(sf);
  const startPos = doc.positionAt(start);
  const indent = indentationOf(lineText(doc, startPos.line));
  const eol = eolOf(text);
  const last = comments[comments.length - 1];
  const adjacent = last && /^\s*$/.test(text.slice(last.end, start)) && (text.slice(last.end, start).match(/\n/g)?.length ?? 0) <= 1;
  if (adjacent) {
    const body = text.slice(last.pos, last.end);
    const existing = /@implements[ \t]+[^\n*]*?(?=[ \t]*(?:\*\/|\r?\n|$))/.exec(body);
    if (existing) return TextEdit.insert(doc.positionAt(last.pos + existing.index + existing[0].length), `, ${id}`);
    if (body.startsWith('/**')) {
      const close = last.end - 2;
      const closeLineStart = text.lastIndexOf('\n', close - 1) + 1;
      if (/^\s*\*?\s*$/.test(text.slice(closeLineStart, close)) && closeLineStart > last.pos) {
        // A multi-line JSDoc: a new tag line before the closing line.
        return TextEdit.insert(doc.positionAt(closeLineStart), `${indent} * @implements ${id}${eol}`);
      }
      // `/** One line. */` becomes a block with the tag on its own line.
      const trimmed = text.slice(0, close).replace(/[ \t]*$/, '').length;
      return TextEdit.replace({ start: doc.positionAt(trimmed), end: doc.positionAt(last.end) }, `${eol}${indent} * @implements ${id}${eol}${indent} */`);
    }
  }
  return TextEdit.insert({ line: startPos.line, character: 0 }, `${indent}// @implements ${id}${eol}`);
}
