// Repository text in hovers renders literally. Requirement titles and texts, threat impacts, suppression
// justifications and finding messages reach the editor as Markdown; unescaped, a requirement could make
// the editor fetch an image from any https URL when someone hovers its id (the real-editor test caught
// it: test/e2e/security.e2e.ts) and show links, HTML and emphasis that are not in the data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { escapeMarkdown } from '../../src/server/rule-help';
import { workspace } from '../cli/helpers';
import { TestClient } from '../lsp/client';

const HOSTILE = [
  "<script>alert('x')</script>",
  '![pixel](https://tracker.example/p.png)',
  '[docs](javascript:alert(1))',
  '<img src=x onerror=alert(1)>',
  `" onmouseover="alert(1)`,
  "'><svg onload=alert(1)>",
  '&lt;b&gt; *bold* _it_ `code` ~~del~~ | a | b |',
  '# heading\n- item\n1. first\n===\n    indented',
  'back\\slash \\[not a link](x)',
];

/** The characters Markdown would act on, outside a backslash escape; empty when the text is inert. */
function unescapedMarkup(md: string): string[] {
  const found: string[] = [];
  for (let i = 0; i < md.length; i++) {
    if (md[i] === '\\') {
      i++; // the next character is literal
      continue;
    }
    if ('<>[]()!`*_&|~'.includes(md[i])) found.push(`${md[i]}@${i}`);
    const lineStart = i === 0 || md[i - 1] === '\n';
    if (lineStart && /^[ \t]*(?:[#=+-]|\d+[.)])/.test(md.slice(i))) found.push(`line-start@${i}`);
  }
  return found;
}

/** What a Markdown renderer shows for escaped text: each backslash escape gives its character. */
function unescape(md: string): string {
  return md.replace(/\\(.)/gs, '$1');
}

test('escapeMarkdown leaves nothing for a Markdown renderer to act on, and shows the text unchanged', () => {
  for (const text of HOSTILE) {
    const md = escapeMarkdown(text, true);
    assert.deepEqual(unescapedMarkup(md), [], `${JSON.stringify(text)} → ${JSON.stringify(md)}`);
    assert.equal(unescape(md), text);
  }
  // Inline text (after a label on the same line) keeps ids and numbers readable.
  assert.equal(escapeMarkdown('SR-1 covers 5.1.3'), 'SR-1 covers 5.1.3');
  assert.equal(escapeMarkdown('a\n- b'), 'a\n\\- b');
});

test('hover on a requirement id: the title and text from requirements.yaml arrive escaped', { timeout: 60_000 }, async () => {
  const title = HOSTILE[0] + ' ' + HOSTILE[1];
  const text = HOSTILE.slice(2).join(' ');
  // Resolved like the language-server tests' workspaces: os.tmpdir() can be a symlink (macOS).
  const root = fs.realpathSync(
    workspace({
      'security/requirements.yaml': `requirements:\n  - id: SR-1\n    title: ${JSON.stringify(title)}\n    text: ${JSON.stringify(text)}\n    verification: review\n`,
      'src/a.ts': '// @implements SR-1\nexport const a = 1;\n',
    }),
  );
  const client = await TestClient.start(root);
  try {
    const doc = client.open('src/a.ts');
    await client.diagnosticsFor(doc.uri, 1);
    const hover = await client.request<{ contents: { kind: string; value: string } } | null>('textDocument/hover', {
      textDocument: { uri: doc.uri },
      position: { line: 0, character: 16 },
    });
    assert.ok(hover, 'a hover for SR-1');
    const value = hover.contents.value;
    assert.ok(value.includes(escapeMarkdown(title)), value);
    assert.ok(value.includes(escapeMarkdown(text, true)), value);
    assert.ok(!value.includes('![pixel](https://'), 'no image syntax from data');
    assert.ok(!value.includes('[docs](javascript:'), 'no link syntax from data');
  } finally {
    await client.stop();
  }
});
