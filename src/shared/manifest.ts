// The generated parts of package.json: `contributes.configuration` from the settings table,
// `contributes.commands` from the command list, and the settings that need workspace trust.
// scripts/gen-manifest.mjs writes them; test/lsp/manifest.test.ts fails when package.json is stale.
import { SETTINGS } from '../core/workspace/settings';
import { CATEGORY, COMMANDS, CommandSpec, EMPTY_MODEL_CONTEXT, VIEW_CONTAINER, VIEWS } from './commands';
import { SETTINGS_SECTION } from './protocol';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Editor-only settings: they configure the client, not the analysis, so they are not in SETTINGS. */
const EDITOR_SETTINGS: Record<string, Record<string, Json>> = {
  [`${SETTINGS_SECTION}.trace.server`]: {
    type: 'string',
    enum: ['off', 'messages', 'verbose'],
    default: 'off',
    scope: 'window',
    description: 'Traces the communication between VS Code and the Secure by Design language server (in its output channel).',
  },
};

export function configurationContribution(): Json {
  const properties: Record<string, Json> = {};
  for (const s of SETTINGS) {
    const entry: Record<string, Json> = { type: s.type, default: s.default as Json, scope: 'resource', markdownDescription: s.description };
    if (s.items) entry.items = { type: s.items };
    if (s.enum) entry.enum = s.enum;
    properties[`${SETTINGS_SECTION}.${s.key}`] = entry;
  }
  Object.assign(properties, EDITOR_SETTINGS);
  return { title: CATEGORY, properties };
}

export function commandsContribution(): Json {
  return Object.values(COMMANDS).map((c) => ({ command: c.id, title: c.title, category: CATEGORY }));
}

const SPECS: readonly CommandSpec[] = Object.values(COMMANDS);

/** Tree-item commands: in their item's context menu only, since they need the item as argument. */
export function menusContribution(): Json {
  const treeCommands = SPECS.filter((c) => c.treeItem);
  return {
    commandPalette: treeCommands.map((c) => ({ command: c.id, when: 'false' })),
    'view/item/context': treeCommands.map((c) => ({ command: c.id, when: `viewItem == ${c.treeItem}` })),
  };
}

export function viewsContainersContribution(): Json {
  return { activitybar: [{ id: VIEW_CONTAINER, title: CATEGORY, icon: 'media/sbd.svg' }] };
}

export function viewsContribution(): Json {
  const views: { id: string; name: string; visibility?: string }[] = Object.values(VIEWS);
  return { [VIEW_CONTAINER]: views.map((v): Json => (v.visibility ? { id: v.id, name: v.name, visibility: v.visibility } : { id: v.id, name: v.name })) };
}

export function viewsWelcomeContribution(): Json {
  return [
    {
      view: VIEWS.requirements.id,
      when: EMPTY_MODEL_CONTEXT,
      contents: [
        'No security model in this workspace yet. Secure by Design traces security requirements (security/requirements.yaml) to the threats they mitigate (security/threats.yaml), to the code that implements them (`@implements SR-1` tags) and to the tests that verify them (`@verifies SR-1`), and shows which IEC 81001-5-1 activities have evidence.',
        `[Create Starter Security Model](command:${COMMANDS.createStarterModel.id})`,
        'The starter set is security/requirements.yaml, threats.yaml and soup.yaml, with comments explaining each field and the SOUP register prefilled from package.json.',
      ].join('\n'),
    },
  ];
}

/** Settings VS Code must not take from an untrusted workspace's own settings. */
export function restrictedConfigurations(): string[] {
  return SETTINGS.filter((s) => s.workspaceTrustRequired).map((s) => `${SETTINGS_SECTION}.${s.key}`);
}

const SOURCE_LANGUAGES = ['typescript', 'typescriptreact', 'javascript', 'javascriptreact'];

export function snippetsContribution(): Json {
  return SOURCE_LANGUAGES.map((language) => ({ language, path: './snippets/typescript.json' }));
}

export function activationEvents(): string[] {
  return [...SOURCE_LANGUAGES.map((l) => `onLanguage:${l}`), 'workspaceContains:security/requirements.yaml', 'workspaceContains:sbd.config.json'];
}

export function capabilities(): Json {
  return {
    untrustedWorkspaces: {
      supported: 'limited',
      description:
        'In an untrusted workspace only the built-in rules run: workspace rule packs (security/rules/*.yaml) and the rule overrides and rule packs set by the workspace (sbd.config.json, workspace settings) are ignored until you trust it.',
      restrictedConfigurations: restrictedConfigurations(),
    },
    virtualWorkspaces: {
      supported: false,
      description: 'Secure by Design reads the workspace from disk: its configuration, rule packs and security/ model files.',
    },
  };
}

/**
 * Applies the generated parts to a parsed package.json: `main`, `activationEvents`, `capabilities` and
 * `contributes.{configuration,commands,snippets,viewsContainers,views,viewsWelcome,menus}`. Every other
 * key is left as it is.
 */
export function applyGenerated(pkg: Record<string, unknown>): Record<string, unknown> {
  pkg.main = './dist/extension.js';
  pkg.activationEvents = activationEvents();
  pkg.capabilities = capabilities();
  const contributes = (pkg.contributes ?? {}) as Record<string, unknown>;
  contributes.configuration = configurationContribution();
  contributes.commands = commandsContribution();
  contributes.snippets = snippetsContribution();
  contributes.viewsContainers = viewsContainersContribution();
  contributes.views = viewsContribution();
  contributes.viewsWelcome = viewsWelcomeContribution();
  contributes.menus = menusContribution();
  pkg.contributes = contributes;
  return pkg;
}
