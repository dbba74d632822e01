// The commands the extension contributes: id and title, the one list package.json's
// `contributes.commands` (and the menus) are generated from (scripts/gen-manifest.mjs). The client
// registers one factory per id (src/extension/commands.ts); its record type makes a missing factory a
// compile error.

export const CATEGORY = 'Secure by Design';

export interface CommandSpec {
  id: string;
  title: string;
  /** Shown only in the context menu of these tree items (`viewItem`), hidden from the command palette. */
  treeItem?: string;
}

export const COMMANDS = {
  scanWorkspace: { id: 'secureByDesign.scanWorkspace', title: 'Scan Workspace' },
  showRuleHelp: { id: 'secureByDesign.showRuleHelp', title: 'Show Rule Help' },
  newRequirement: { id: 'secureByDesign.newRequirement', title: 'New Security Requirement' },
  openTraceMatrix: { id: 'secureByDesign.openTraceMatrix', title: 'Open Trace Matrix' },
  copyRequirementId: { id: 'secureByDesign.copyRequirementId', title: 'Copy ID', treeItem: 'requirement' },
  revealRequirement: { id: 'secureByDesign.revealRequirement', title: 'Reveal in YAML', treeItem: 'requirement' },
  addTagAtCursor: { id: 'secureByDesign.addTagAtCursor', title: 'Add Tag at Cursor', treeItem: 'requirement' },
  exportEvidenceReport: { id: 'secureByDesign.exportEvidenceReport', title: 'Export Evidence Report' },
  createStarterModel: { id: 'secureByDesign.createStarterModel', title: 'Create Starter Security Model' },
} as const satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMANDS;

/**
 * Internal commands: invoked by the server's code lenses, never shown in the command palette, so not
 * contributed. Arguments: (uri: string, position: LSP Position, locations: LSP Location[]).
 */
export const SHOW_REFERENCES_COMMAND = 'secureByDesign.showReferences';

/** The activity-bar container and its views. */
export const VIEW_CONTAINER = 'secureByDesign';
export const VIEWS = {
  requirements: { id: 'secureByDesign.requirements', name: 'Requirements' },
  threats: { id: 'secureByDesign.threats', name: 'Threats' },
  activities: { id: 'secureByDesign.activities', name: 'Lifecycle Activities' },
  // Folded at first: Problems lists the same findings, and the trace views keep the room.
  findings: { id: 'secureByDesign.findings', name: 'Findings', visibility: 'collapsed' },
} as const;

/** Context key set by the client when the workspace has neither requirements nor threats (welcome view). */
export const EMPTY_MODEL_CONTEXT = 'secureByDesign.emptyModel';
