// The generated parts of package.json: `contributes.configuration` from the settings table,
// `contributes.commands` from the command list, and the settings that need workspace trust.
// scripts/gen-manifest.mjs writes them; test/lsp/manifest.test.ts fails when package.json is stale.
import { SETTINGS } from '../core/workspace/settings';
import { CATEGORY, COMMANDS } from './commands';
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

/** Settings VS Code must not take from an untrusted workspace's own settings. */
export function restrictedConfigurations(): string[] {
  return SETTINGS.filter((s) => s.workspaceTrustRequired).map((s) => `${SETTINGS_SECTION}.${s.key}`);
}

/** Applies the generated parts to a parsed package.json, leaving every other key as it is. */
export function applyGenerated(pkg: Record<string, unknown>): Record<string, unknown> {
  const contributes = (pkg.contributes ?? {}) as Record<string, unknown>;
  contributes.configuration = configurationContribution();
  contributes.commands = commandsContribution();
  pkg.contributes = contributes;
  const capabilities = (pkg.capabilities ?? {}) as Record<string, unknown>;
  const untrusted = (capabilities.untrustedWorkspaces ?? {}) as Record<string, unknown>;
  untrusted.restrictedConfigurations = restrictedConfigurations();
  capabilities.untrustedWorkspaces = untrusted;
  pkg.capabilities = capabilities;
  return pkg;
}
