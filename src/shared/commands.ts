// The commands the extension contributes: id and title, the one list package.json's
// `contributes.commands` is generated from (scripts/gen-manifest.mjs). The client registers one factory
// per id (src/extension/commands.ts); its record type makes a missing factory a compile error.

export const CATEGORY = 'Secure by Design';

export const COMMANDS = {
  scanWorkspace: { id: 'secureByDesign.scanWorkspace', title: 'Scan Workspace' },
  showRuleHelp: { id: 'secureByDesign.showRuleHelp', title: 'Show Rule Help' },
  newRequirement: { id: 'secureByDesign.newRequirement', title: 'New Security Requirement' },
} as const;

export type CommandName = keyof typeof COMMANDS;

/**
 * Internal commands: invoked by the server's code lenses, never shown in the command palette, so not
 * contributed. Arguments: (uri: string, position: LSP Position, locations: LSP Location[]).
 */
export const SHOW_REFERENCES_COMMAND = 'secureByDesign.showReferences';
