// The CWE each peer rule reports, so that peer results are scored by the same family table as ours
// (bench/families.ts). One line of reason per rule. Rules whose weakness has no family in the corpus
// get an empty list and are reported as "unmapped" (counted, listed, never scored).

export interface PeerRuleCwe {
  cwe: number[];
  reason: string;
  /** Messages of the rule that report a different weakness than its main one. */
  byMessage?: { match: RegExp; cwe: number[]; reason: string }[];
}

export const PEER_RULE_CWE: Readonly<Record<string, PeerRuleCwe>> = {
  // ESLint core rules enabled by @microsoft/eslint-plugin-sdl's `common` preset
  'no-eval': { cwe: [95], reason: 'eval() of a string is eval injection when the string is not constant.' },
  'no-implied-eval': { cwe: [95], reason: 'setTimeout/setInterval/execScript with a string evaluate it as code.' },
  'no-new-func': { cwe: [95], reason: 'The Function constructor compiles its string arguments as code.' },
  '@typescript-eslint/no-implied-eval': { cwe: [95], reason: 'Type-aware variant of no-implied-eval (not enabled by sdl 1.1.0 recommended).' },
  'no-caller': { cwe: [], reason: 'arguments.caller/callee is a strict-mode hazard, not a corpus weakness.' },
  'no-delete-var': { cwe: [], reason: 'Deleting variables is a correctness issue, not a corpus weakness.' },

  // eslint-plugin-security (recommended)
  'security/detect-child-process': { cwe: [78], reason: 'child_process calls with non-literal arguments risk OS command injection.' },
  'security/detect-eval-with-expression': { cwe: [95], reason: 'eval() of a non-literal expression is eval injection.' },
  'security/detect-non-literal-fs-filename': { cwe: [22], reason: 'fs calls with a non-literal path risk path traversal.' },
  'security/detect-non-literal-require': { cwe: [94], reason: 'require() of a non-literal name loads and runs code the data chooses.' },
  'security/detect-pseudoRandomBytes': { cwe: [338], reason: 'crypto.pseudoRandomBytes is not cryptographically strong.' },
  'security/detect-disable-mustache-escape': { cwe: [79], reason: 'Turning off template escaping writes raw HTML (XSS).' },
  'security/detect-unsafe-regex': { cwe: [1333], reason: 'Regex literal with nested quantifiers: super-linear backtracking (ReDoS).' },
  'security/detect-non-literal-regexp': { cwe: [1333], reason: 'RegExp built from a non-literal lets data choose a backtracking pattern (ReDoS).' },
  'security/detect-object-injection': { cwe: [915], reason: 'obj[key] with a variable key: dynamically-determined attribute access (object injection / prototype pollution).' },
  'security/detect-possible-timing-attacks': { cwe: [], reason: 'Timing side channel (CWE-208): no corpus family.' },
  'security/detect-no-csrf-before-method-override': { cwe: [352], reason: 'methodOverride after csrf lets a GET become a POST that skipped the CSRF check.' },
  'security/detect-buffer-noassert': { cwe: [], reason: 'Out-of-bounds buffer access (CWE-125/787): no corpus family.' },
  'security/detect-new-buffer': { cwe: [], reason: 'new Buffer(n) may expose uninitialised memory (CWE-908): no corpus family.' },
  'security/detect-bidi-characters': { cwe: [], reason: 'Trojan-source bidi characters (CWE-451): no corpus family.' },

  // @microsoft/eslint-plugin-sdl (recommended)
  '@microsoft/sdl/no-inner-html': { cwe: [79], reason: 'Assigning innerHTML/outerHTML or calling insertAdjacentHTML writes HTML (XSS).' },
  '@microsoft/sdl/no-document-write': { cwe: [79], reason: 'document.write/writeln insert HTML (XSS).' },
  '@microsoft/sdl/no-html-method': { cwe: [79], reason: 'jQuery-style .html() with an argument inserts HTML (XSS).' },
  '@microsoft/sdl/no-msapp-exec-unsafe': { cwe: [79], reason: 'MSApp.execUnsafeLocalFunction bypasses the HTML sanitiser (XSS).' },
  '@microsoft/sdl/no-winjs-html-unsafe': { cwe: [79], reason: 'WinJS *Unsafe HTML setters bypass sanitisation (XSS).' },
  '@microsoft/sdl/no-angular-bypass-sanitizer': { cwe: [79], reason: 'DomSanitizer.bypassSecurityTrust* disables Angular XSS protection.' },
  '@microsoft/sdl/no-angular-sanitization-trusted-urls': { cwe: [79], reason: 'Widening Angular URL sanitisation allow-lists permits javascript: URLs (XSS).' },
  '@microsoft/sdl/no-angularjs-bypass-sce': { cwe: [79], reason: 'Disabling AngularJS $sce removes contextual escaping (XSS).' },
  '@microsoft/sdl/no-angularjs-enable-svg': { cwe: [79], reason: 'Enabling SVG in AngularJS sanitiser allows script-bearing markup (XSS).' },
  '@microsoft/sdl/no-angularjs-sanitization-whitelist': { cwe: [79], reason: 'Widening AngularJS sanitisation allow-lists permits script URLs (XSS).' },
  '@microsoft/sdl/no-insecure-url': { cwe: [319], reason: 'http:// and ftp:// literals send data in cleartext.' },
  '@microsoft/sdl/no-insecure-random': { cwe: [338], reason: 'Math.random and weak PRNG packages are predictable (not enabled by sdl 1.1.0 recommended).' },
  '@microsoft/sdl/no-cookies': { cwe: [315], reason: 'Flags document.cookie as client-side storage: sensitive data stored in cleartext cookies (CWE-315, under 312).' },
  '@microsoft/sdl/no-document-domain': { cwe: [], reason: 'Relaxing same-origin via document.domain (CWE-346): the corpus labels no document.domain cases.' },
  '@microsoft/sdl/no-postmessage-star-origin': { cwe: [201], reason: 'postMessage to "*" sends the data to whatever origin the target window has.' },
  '@microsoft/sdl/no-electron-node-integration': { cwe: [1188], reason: 'Electron nodeIntegration enabled: insecure webPreferences (Electron hardening).' },
  '@microsoft/sdl/no-unsafe-alloc': { cwe: [], reason: 'Buffer.allocUnsafe exposes uninitialised memory (CWE-908): no corpus family.' },

  // Rules the sdl presets pull in from eslint-plugin-react and eslint-plugin-n
  'react/no-danger': { cwe: [79], reason: 'dangerouslySetInnerHTML writes raw HTML (XSS).' },
  'react/jsx-no-target-blank': { cwe: [], reason: 'Reverse tabnabbing (CWE-1022): no corpus family.' },
  'react/iframe-missing-sandbox': { cwe: [], reason: 'Missing iframe sandbox (CWE-1021): no corpus family.' },
  'n/no-deprecated-api': { cwe: [], reason: 'Deprecated Node.js APIs are a maintenance issue, not a corpus weakness.' },

  // eslint-plugin-no-unsanitized (recommended)
  'no-unsanitized/property': { cwe: [79], reason: 'Unsanitised values assigned to innerHTML/outerHTML/srcdoc (XSS).' },
  'no-unsanitized/method': {
    cwe: [79],
    reason: 'Unsanitised values passed to insertAdjacentHTML/document.write/createContextualFragment (XSS).',
    byMessage: [{ match: /^Unsafe call to import\b/, cwe: [94], reason: 'import() of a non-literal specifier loads code the data chooses.' }],
  },
};

export function peerRuleCwe(ruleId: string | null): PeerRuleCwe {
  if (ruleId === null) return { cwe: [], reason: 'Parse error reported by ESLint.' };
  return PEER_RULE_CWE[ruleId] ?? { cwe: [], reason: 'Rule not in bench/peers/cwe-map.ts.' };
}

/** The CWEs of one reported message: a message-specific entry when one matches, else the rule's. */
export function peerMessageCwe(ruleId: string | null, message: string): number[] {
  const entry = peerRuleCwe(ruleId);
  return entry.byMessage?.find((m) => m.match.test(message))?.cwe ?? entry.cwe;
}
