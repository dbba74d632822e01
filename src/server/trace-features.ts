// Placeholder until src/core/trace lands: the traceability features answer "nothing known".
import {
  CodeLens,
  CodeLensParams,
  CompletionItem,
  CompletionParams,
  Connection,
  DefinitionParams,
  Hover,
  Location,
  Position,
  PrepareRenameParams,
  Range,
  ReferenceParams,
  RenameParams,
  SymbolInformation,
  TextDocuments,
  WorkspaceEdit,
  WorkspaceSymbolParams,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TraceGraphResult } from '../shared/protocol';
import { RequirementCandidate } from './code-actions';
import { Analyzer, FileFindings } from './diagnostics';
import { DiagnosticsHub } from './hub';
import { Settings } from './settings';
import { Folder, Workspace } from './workspace';

export interface TraceEvents {
  changed(): void;
  log(message: string): void;
}

export class TraceFeatures {
  constructor(
    readonly connection: Connection,
    readonly documents: TextDocuments<TextDocument>,
    readonly workspace: Workspace,
    readonly settings: Settings,
    readonly hub: DiagnosticsHub,
    readonly analyzer: Analyzer,
    readonly events: TraceEvents,
  ) {}

  gapCount(): number {
    return 0;
  }
  async rebuild(): Promise<void> {}
  findingsChanged(_uri: string, _entry: FileFindings | undefined): void {}
  modelFileChanged(_uri: string, _deleted: boolean): void {}
  sourceFileChanged(_uri: string, _deleted: boolean): void {}
  documentChanged(_doc: TextDocument): void {}
  documentClosed(_doc: TextDocument): void {}
  requirementCandidates(_uri: string): RequirementCandidate[] {
    return [];
  }
  hover(_doc: TextDocument, _pos: Position): Hover | undefined {
    return undefined;
  }
  completion(_params: CompletionParams): CompletionItem[] {
    return [];
  }
  definition(_params: DefinitionParams): Location[] {
    return [];
  }
  references(_params: ReferenceParams): Location[] {
    return [];
  }
  prepareRename(_params: PrepareRenameParams): { range: Range; placeholder: string } | null {
    return null;
  }
  rename(_params: RenameParams): WorkspaceEdit | null {
    return null;
  }
  codeLenses(_params: CodeLensParams): CodeLens[] {
    return [];
  }
  workspaceSymbols(_params: WorkspaceSymbolParams): SymbolInformation[] {
    return [];
  }
  graphFor(_folder: Folder | undefined): TraceGraphResult {
    return { available: false, requirements: [], threats: [], gaps: [] };
  }
}
