// The one definition of every setting: key, type, default and description. The VS Code manifest's
// `contributes.configuration` block is generated from this table (scripts/gen-manifest.mjs) and the CLI
// reads the same keys from `sbd.config.json`, so defaults cannot drift apart.

export interface SettingDefinition {
  key: string;
  type: 'boolean' | 'number' | 'string' | 'array' | 'object';
  default: unknown;
  description: string;
  items?: 'string';
  enum?: string[];
  /** Settings that make the tool read more of the workspace; ignored in untrusted workspaces. */
  workspaceTrustRequired?: boolean;
}

export const SETTINGS: readonly SettingDefinition[] = [
  {
    key: 'include',
    type: 'array',
    items: 'string',
    default: ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'],
    description: 'Glob patterns (relative to the workspace root) of source files to analyse.',
  },
  {
    key: 'exclude',
    type: 'array',
    items: 'string',
    default: ['**/node_modules/**', '**/dist/**', '**/build/**', '**/out/**', '**/coverage/**', '**/*.min.js', '**/*.d.ts'],
    description: 'Glob patterns of files never analysed (on top of .gitignore).',
  },
  {
    key: 'rules',
    type: 'object',
    default: {},
    description:
      'Per-rule overrides: `"SBD-CMD-001": "off"`, or a severity (`"error"`, `"warning"`, `"info"`), or `{ "severity": "warning" }`.',
    workspaceTrustRequired: true,
  },
  {
    key: 'typeAware',
    type: 'boolean',
    default: false,
    description: 'Build a TypeScript program over the workspace to resolve types (slower, more precise).',
  },
  {
    key: 'maxFileSizeKb',
    type: 'number',
    default: 1024,
    description: 'Files larger than this (in KiB) are skipped with a note.',
  },
  {
    key: 'rulePacks',
    type: 'array',
    items: 'string',
    default: ['security/rules/*.yaml'],
    description: 'Workspace rule packs (YAML data, never code) that add or override rules, sources and sanitizers.',
    workspaceTrustRequired: true,
  },
  {
    key: 'trace.requirements',
    type: 'string',
    default: 'security/requirements.yaml',
    description: 'Path of the security requirements file.',
  },
  {
    key: 'trace.threats',
    type: 'string',
    default: 'security/threats.yaml',
    description: 'Path of the threat model file.',
  },
  {
    key: 'trace.soup',
    type: 'string',
    default: 'security/soup.yaml',
    description: 'Path of the SOUP (third-party component) register.',
  },
  {
    key: 'trace.activities',
    type: 'string',
    default: 'security/activities.yaml',
    description: 'Path of the manual lifecycle-activity evidence file (optional).',
  },
  {
    key: 'trace.testFiles',
    type: 'array',
    items: 'string',
    default: ['**/test/**', '**/tests/**', '**/__tests__/**', '**/*.test.*', '**/*.spec.*', '**/e2e/**'],
    description: 'Glob patterns of test files, where `@verifies` tags are read.',
  },
  {
    key: 'trace.requirementIdPattern',
    type: 'string',
    default: 'SR-\\d+',
    description: 'Regular expression of a security requirement id.',
  },
  {
    key: 'trace.threatIdPattern',
    type: 'string',
    default: 'TH-\\d+',
    description: 'Regular expression of a threat id.',
  },
  {
    key: 'advisoriesFile',
    type: 'string',
    default: '',
    description:
      'Known vulnerabilities of the shipped packages: the JSON that `npm audit --json` or osv-scanner writes (or OSV records), relative to the workspace root. The panel and soup.yaml diagnostics then show each affected component that `soup.yaml` does not assess; nothing goes online. Empty: none.',
  },
  {
    key: 'phiTerms',
    type: 'array',
    items: 'string',
    default: [],
    description: 'Extra names (identifiers, properties) that carry protected health information in this code base.',
  },
];
