// The peer configuration: what a team would get from the three popular ESLint security plugins with
// their recommended presets, parsed with @typescript-eslint/parser (JSX on) for every JS/TS file.
// Used by bench/peers/eslint-to-sarif.ts through ESLint's Node API (never through a shell).
import globals from 'globals';
import tsParser from '@typescript-eslint/parser';
import security from 'eslint-plugin-security';
import sdl from '@microsoft/eslint-plugin-sdl';
import noUnsanitized from 'eslint-plugin-no-unsanitized';

// @microsoft/eslint-plugin-sdl 1.1.0 `recommended` = angular + angularjs + common + electron + node +
// react presets, then its `typescript` preset (which 1.1.0 builds from the react preset, so no
// type-aware rule is added), then an object that only registers its own bundled copy of
// eslint-plugin-security 1.4 under the name "security" with no rules. That registration would clash
// with eslint-plugin-security 3 below ("Cannot redefine plugin"), so it is dropped; no rule changes.
const sdlRecommended = sdl.configs.recommended.map((entry) => {
  if (!entry.plugins || !('security' in entry.plugins)) return entry;
  return { ...entry, plugins: Object.fromEntries(Object.entries(entry.plugins).filter(([name]) => name !== 'security')) };
});

export default [
  {
    files: ['**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}'],
    languageOptions: {
      parser: tsParser,
      ecmaVersion: 'latest',
      sourceType: 'module',
      // Declared so that scope-based rules (no-implied-eval) see setTimeout & co. as the real globals.
      globals: { ...globals.browser, ...globals.node },
      parserOptions: { ecmaFeatures: { jsx: true } },
    },
    settings: { react: { version: '18.3' } },
    linterOptions: { reportUnusedDisableDirectives: 'off' },
  },
  security.configs.recommended,
  ...sdlRecommended,
  noUnsanitized.configs.recommended,
];
