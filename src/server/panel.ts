// Requests behind the side panel and its commands: the Findings view's groups, the evidence report and
// trace-matrix exports, the starter model, and the tag inserted at the cursor. The client only shows what
// these return; every file is written atomically (src/core/workspace/atomic.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Connection, ErrorCodes, LSPErrorCodes, ResponseError, TextDocuments, TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { buildEvidenceReport, writeEvidenceFiles } from '../core/report/evidence/index';
import type { TraceGraph } from '../core/trace/graph';
import { renderTrace } from '../core/trace/render';
import { starterModel } from '../core/trace/starter';
import { isTestFile } from '../core/trace/tags';
import { Finding, InputError } from '../core/types';
import { writeFileAtomic } from '../core/workspace/atomic';
import {
  CreateStarterModelRequest,
  DEFAULT_EVIDENCE_DIR,
  ExportEvidenceReportRequest,
  ExportTraceMatrixRequest,
  FindingGroup,
  FindingsRequest,
  FindingsResult,
  InsertTagRequest,
  MATRIX_EXPORT_FORMATS,
  PanelFinding,
} from '../shared/protocol';
import { CodeActionBuilder } from './code-actions';
import { Analyzer, FileFindings, isSourceDocument } from './diagnostics';
import { Settings } from './settings';
import { lineText } from './text';
import { TraceFeatures } from './trace-features';
import { Folder, pathToUri, uriToPath, Workspace } from './workspace';

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function comparePanelFindings(a: PanelFinding, b: PanelFinding): number {
  return (
    Number(!!a.suppression) - Number(!!b.suppression) ||
    compare(a.file, b.file) ||
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    compare(a.ruleId, b.ruleId)
  );
}

function group(key: string, label: string, detail: string, findings: PanelFinding[]): FindingGroup {
  return { key, label, detail, open: findings.filter((f) => !f.suppression).length, findings: [...findings].sort(comparePanelFindings) };
}

/** Where a finding sits, as the trace graph's finding references spell it (1-based line and column). */
const findingKey = (file: string, line: number, column: number, ruleId: string) => `${file}:${line}:${column}:${ruleId}`;

/**
 * Groups a folder's findings by rule family (families by name, each with its CWEs) and by the requirements
 * whose implementing code contains them, as the trace graph links them; findings in no requirement's code
 * form the last group. Suppressed findings stay in, flagged with their justification: the panel is where a
 * reviewer checks what was waived and why, as the evidence report does.
 */
export function groupFindings(files: readonly Pick<FileFindings, 'findings'>[], graph: TraceGraph | undefined): Omit<FindingsResult, 'available' | 'folderUri'> {
  const linked = new Map<string, string[]>();
  for (const r of graph?.requirements ?? []) {
    for (const f of r.findings) {
      const key = findingKey(f.file, f.line, f.column, f.ruleId);
      linked.set(key, [...(linked.get(key) ?? []), r.id]);
    }
  }
  const all: PanelFinding[] = [];
  for (const entry of files) {
    for (const f of entry.findings) all.push(panelFinding(f, linked.get(findingKey(f.file, f.range.start.line + 1, f.range.start.character + 1, f.ruleId)) ?? []));
  }

  const families = new Map<string, PanelFinding[]>();
  for (const f of all) families.set(f.family, [...(families.get(f.family) ?? []), f]);
  const byFamily = [...families]
    .sort(([a], [b]) => compare(a, b))
    .map(([family, list]) => {
      const cwes = [...new Set(list.flatMap((f) => f.cwe))].sort((a, b) => a - b);
      return group(family, family, cwes.map((c) => `CWE-${c}`).join(', ') || 'no CWE', list);
    });

  const byRequirement: FindingGroup[] = [];
  for (const r of graph?.requirements ?? []) {
    const list = all.filter((f) => f.requirements.includes(r.id));
    if (list.length) byRequirement.push(group(r.id, r.id, r.title, list));
  }
  const unlinked = all.filter((f) => f.requirements.length === 0);
  if (unlinked.length) byRequirement.push(group('', 'not linked to a requirement', 'outside code that @implements a requirement', unlinked));

  const suppressed = all.filter((f) => f.suppression).length;
  return { open: all.length - suppressed, suppressed, byFamily, byRequirement };
}

function panelFinding(f: Finding, requirements: string[]): PanelFinding {
  const out: PanelFinding = {
    ruleId: f.ruleId,
    title: f.title,
    family: f.family,
    severity: f.severity,
    message: f.message,
    cwe: f.cwe,
    file: f.file,
    range: f.range,
    requirements: [...new Set(requirements)].sort(compare),
  };
  if (f.suppression) {
    const { justification, risk, until } = f.suppression;
    out.suppression = { justification, ...(risk ? { risk } : {}), ...(until ? { until } : {}) };
  }
  return out;
}

/** The comment line that tags `position` for a requirement: on the blank line itself, or a new line above. */
export function tagInsertion(doc: TextDocument, position: { line: number; character: number }, comment: string): { edit: TextEdit; line: number } {
  const line = Math.min(Math.max(0, position.line), doc.lineCount - 1);
  const text = lineText(doc, line);
  if (!text.trim()) {
    const at = { line, character: Math.min(position.character, text.length) };
    return { edit: TextEdit.insert(at, comment), line };
  }
  const indent = /^[ \t]*/.exec(text)![0];
  return { edit: TextEdit.insert({ line, character: 0 }, `${indent}${comment}\n`), line };
}

/** The server's engine parts, created in `initialize`. */
export interface PanelEngine {
  settings: Settings;
  analyzer: Analyzer;
  trace: TraceFeatures;
  actions: CodeActionBuilder;
}

function requestFailed(what: string, e: unknown): ResponseError<void> {
  if (e instanceof ResponseError) return e;
  const message = e instanceof InputError ? e.message : `${what}: ${e instanceof Error ? e.message : String(e)}`;
  return new ResponseError(LSPErrorCodes.RequestFailed, message);
}

function filePathOf(uri: string, what: string): string {
  const file = uriToPath(uri);
  if (!file) throw new ResponseError(ErrorCodes.InvalidParams, `${what} must be a file on disk, not ${uri}`);
  return file;
}

export function registerPanelRequests(connection: Connection, documents: TextDocuments<TextDocument>, workspace: Workspace, engine: () => PanelEngine): void {

  const folderOrFail = (folderUri: string | undefined): Folder => {
    const folder = workspace.folderByUri(folderUri);
    if (!folder) throw new ResponseError(ErrorCodes.InvalidRequest, 'Open a workspace folder first.');
    return folder;
  };

  const graphOf = (folder: Folder): TraceGraph => {
    const result = engine().trace.graphFor(folder);
    if (!result.graph) throw new ResponseError(ErrorCodes.InvalidRequest, `No trace index for ${folder.name} yet.`);
    return result.graph;
  };

  connection.onRequest(FindingsRequest, async (params): Promise<FindingsResult> => {
    const { trace, analyzer } = engine();
    await trace.ready;
    const folder = workspace.folderByUri(params?.folderUri);
    if (!folder) return { available: false, open: 0, suppressed: 0, byFamily: [], byRequirement: [] };
    const files = [...analyzer.all()].filter((e) => e.root === folder.root);
    return { available: true, folderUri: folder.uri, ...groupFindings(files, trace.graphFor(folder).graph) };
  });

  connection.onRequest(ExportTraceMatrixRequest, async (params) => {
    const { trace } = engine();
    await trace.ready;
    if (!MATRIX_EXPORT_FORMATS.includes(params?.format)) throw new ResponseError(ErrorCodes.InvalidParams, `format must be one of ${MATRIX_EXPORT_FORMATS.join(', ')}`);
    const target = filePathOf(String(params.targetUri), 'The export target');
    const content = renderTrace(graphOf(folderOrFail(params.folderUri)), params.format);
    try {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      writeFileAtomic(target, content);
    } catch (e) {
      throw requestFailed(`cannot write ${target}`, e);
    }
    return { uri: pathToUri(target), bytes: Buffer.byteLength(content) };
  });

  connection.onRequest(ExportEvidenceReportRequest, async (params) => {
    const { trace, settings } = engine();
    await trace.ready;
    const folder = folderOrFail(params?.folderUri);
    const outDir = params?.outUri ? filePathOf(params.outUri, 'The report folder') : path.join(folder.root, DEFAULT_EVIDENCE_DIR);
    const resource = await settings.forFolder(folder);
    try {
      // The same builder as `sbd report`, with the editor's settings for the folder.
      const advisories = resource.config.advisoriesFile.trim() || undefined;
      const report = buildEvidenceReport(folder.root, { config: resource.config, analysis: resource.ctx, trusted: settings.trusted, outDir, advisories });
      const files = writeEvidenceFiles(outDir, report);
      const index = files.find((f) => path.basename(f) === 'index.html') ?? files[0];
      return {
        outUri: pathToUri(outDir),
        files: files.map(pathToUri),
        indexUri: pathToUri(index),
        openFindings: report.data.summary.openFindingsTotal,
        gaps: report.data.summary.gaps,
      };
    } catch (e) {
      throw requestFailed('the evidence report', e);
    }
  });

  connection.onRequest(CreateStarterModelRequest, async (params) => {
    const { trace, settings } = engine();
    const folder = folderOrFail(params?.folderUri);
    const { config } = await settings.forFolder(folder);
    const created: string[] = [];
    try {
      for (const f of starterModel(folder.root, config)) {
        const file = path.join(folder.root, f.file);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        writeFileAtomic(file, f.content);
        created.push(pathToUri(file));
        trace.modelFileChanged(pathToUri(file), false);
      }
    } catch (e) {
      throw requestFailed('creating the starter model', e);
    }
    return { created, requirementsUri: pathToUri(path.join(folder.root, config.trace.requirements)) };
  });

  connection.onRequest(InsertTagRequest, async (params) => {
    const { trace, settings, actions } = engine();
    await trace.ready;
    const doc = documents.get(params?.uri);
    if (!doc) throw new ResponseError(ErrorCodes.InvalidParams, 'Open the file to tag in the editor first.');
    if (!isSourceDocument(doc)) throw new ResponseError(ErrorCodes.InvalidParams, 'Trace tags go in TypeScript or JavaScript files.');
    const { folder, rel } = workspace.locate(doc.uri, doc.languageId);
    if (!folder) throw new ResponseError(ErrorCodes.InvalidParams, 'The file is outside every workspace folder, so its tags would not be traced.');
    if (!graphOf(folder).requirements.some((r) => r.id === params.requirement)) {
      throw new ResponseError(ErrorCodes.InvalidParams, `No requirement ${params.requirement} in the requirements file.`);
    }
    const { config } = await settings.forFolder(folder);
    const tag = isTestFile(rel, config) ? 'verifies' : 'implements';
    const { edit, line } = tagInsertion(doc, params.position, `// @${tag} ${params.requirement}`);
    const applied = await connection.workspace.applyEdit({ label: `@${tag} ${params.requirement}`, edit: actions.fileEdit({ uri: doc.uri, version: doc.version, create: false, edits: [edit] }) });
    if (!applied.applied) throw new ResponseError(LSPErrorCodes.RequestFailed, `The editor did not apply the edit${applied.failureReason ? `: ${applied.failureReason}` : ''}.`);
    return { tag, line };
  });
}
