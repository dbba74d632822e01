// The rule-pack vocabulary as TypeScript types. schemas/rule-pack.schema.json is the same contract for
// YAML authors; the loader validates against the schema, then compiles patterns into matchers.

import { Confidence, Severity } from '../types';

/** How much of a value's origin a condition accepts. */
export type Flow =
  /** Proven to come from an untrusted source (request, URL, message …) and not sanitised for the family. */
  | 'tainted'
  /** Tainted request data that may be an object (JSON body, parsed query): operator injection. */
  | 'tainted-object'
  /** A file name read from an archive entry (`archive` sources) and not sanitised for the family: zip-slip. */
  | 'archive-entry'
  /** Fetched over the network (`download` sources) and not verified before this point: code from elsewhere. */
  | 'downloaded'
  /** A path to a file that downloaded bytes were written to (`fileWrites`), with no integrity check on the way. */
  | 'downloaded-file'
  /** Tainted (high confidence) or of unknown origin (medium confidence); never built only from constants. */
  | 'nonconstant'
  /** Built only from constants. */
  | 'constant';

export interface ValueCondition {
  flow?: Flow;
  /** The value carries protected health information (PHI vocabulary). */
  sensitive?: boolean;
  /** A constant string (or a template's constant prefix) that names health data, e.g. a storage key `patient:`. */
  phiKey?: boolean;
  /** The argument is written inline as a literal (not a named constant, which other rules judge by its name). */
  inline?: boolean;
  /** The value carries an error object or a stack trace. */
  error?: boolean;
  /** Constant string value matches this regular expression (case-insensitive). */
  string?: string;
  /**
   * The constant text the value starts with matches this regular expression (case-insensitive): the whole
   * text of a constant, the literal head of a template or concatenation (`https://cdn…/${v}`), else empty.
   */
  prefix?: string;
  /** Constant number value below this bound. */
  numberBelow?: number;
  /** Literal value (boolean, number, string, null) equal to this. */
  literal?: boolean | number | string | null;
  /** The expression's constant text looks like SQL and the value is built with non-constant parts. */
  sql?: boolean;
  /** URL sink: the non-constant part can choose scheme or host (no fixed origin, not a relative path). */
  urlOrigin?: boolean;
  /** The expression is string-like (literal, template, concatenation) or tainted data, not a function. */
  stringLike?: boolean;
  /** The expression is a function whose body returns nothing (e.g. a verification callback). */
  returnsNothing?: boolean;
  /** The value is an object literal with these property conditions. */
  object?: PropertyCondition[];
  /** A constant regular expression (literal or `RegExp('…')` text) that can backtrack super-linearly. */
  superLinear?: boolean;
  /** A function whose body never mentions this member (e.g. a message handler that ignores `origin`). */
  functionIgnores?: string;
  /** The whole parsed request payload (`req.body`, `ctx.request.body` …), alone or as a property value. */
  requestPayload?: boolean;
  /** The value is a function (e.g. a callback passed where an options object could be). */
  isFunction?: boolean;
  /** The value is a function and one of the values it returns meets this condition (an escape function that returns its input). */
  returns?: ValueCondition;
  /** A regular-expression literal (or an array holding one) whose source matches this, e.g. an origin pattern without `^…$`. */
  regexSource?: string;
  /** The value's qualified name matches one of these globs (`express.Request.cookies.**`, a middleware made by `csurf()`). */
  qname?: string[];
  /**
   * An array literal (or a const bound to one) in which each of these conditions is met by some element:
   * `algorithms: ['RS256', 'HS256']` mixes key types, `[decoded.header.alg]` comes from the token.
   */
  elements?: ValueCondition[];
  /**
   * The value is an object read with a computed key that meets this condition (`o[k]`), in place or through a
   * local variable, `||`/`??`, or a parameter a call in the file passes it for (`merge(target[k], …)`); not a
   * read from an `Object.create(null)` object. With `k = '__proto__'` such an object is `Object.prototype`.
   */
  keyedBy?: ValueCondition;
  /**
   * Not when the function holding the value (or that passes on the callback holding it) compares something with
   * one of these strings (`k === '__proto__'`, `case`, a list literal or a const list/Set of the file holding one).
   */
  unlessComparedWith?: string[];
}

export interface PropertyCondition extends ValueCondition {
  key: string | string[];
  /** The property must be absent. */
  absent?: boolean;
}

export interface ArgCondition extends ValueCondition {
  /** Argument position; `any` = at least one argument satisfies the condition. */
  index: number | 'any' | 'last';
  /** The argument is absent (e.g. a cookie set without options). */
  missing?: boolean;
  /**
   * The argument is the data of a template: only its properties that the template (argument `template`, a
   * constant string) writes out unescaped are judged by the other conditions. `outputs` finds those outputs;
   * its first capture group that matched names the property (`<%-\s*(\w+)` for EJS). A template that is not
   * constant, or writes nothing unescaped, does not match.
   */
  templateData?: { template: number; outputs: string };
}

export interface ContextCondition {
  /** The nearest names around the expression (variable, property, assignment target, function) match. */
  names?: string;
  /** …and none of them matches this. */
  notNames?: string;
  /**
   * Not reported when a call whose callee text matches this runs first: earlier in an enclosing block, or
   * as the call the code's callback is passed to (`req.session.regenerate(() => …)`). The search stays in
   * the function that declares the object the code acts on (the handler that receives `req`).
   */
  unlessAfterCall?: string;
  /**
   * Reported only when a call whose callee text matches this runs later: in a later statement of an enclosing
   * block of the same function (a route registered before the CSRF middleware that should guard it).
   */
  beforeCall?: string;
}

/** The object a method is called on or a member is assigned to (`el` in `el.src = …`), held in a variable. */
export interface ReceiverCondition {
  /** The variable was initialised by a call whose arguments meet these conditions (`document.createElement('script')`). */
  createdWith?: ArgCondition[];
  /** None of these members is set on the variable anywhere in the file (`el.integrity = …`, `el.setAttribute('integrity', …)`). */
  lacks?: string[];
  /**
   * The object is read with a computed key that meets this condition (see `ValueCondition.keyedBy`); for an
   * assignment, one that only stores a default (`o[k] = o[k] || {}`, `o[k] ??= {}`) does not match.
   */
  keyedBy?: ValueCondition;
}

export interface CallMatch {
  callee: string[];
  kind?: 'call' | 'new' | 'any';
  args?: ArgCondition[];
  unless?: ArgCondition[];
  receiver?: ReceiverCondition;
}

export interface AssignMatch {
  target: string[];
  value?: ValueCondition;
  /** For `obj[key] = v`: a condition on the computed key. */
  key?: ValueCondition;
  receiver?: ReceiverCondition;
}

export interface PropertyMatch {
  key: string[];
  value?: ValueCondition;
  /** Only inside an argument of a call to one of these callees. */
  inCall?: string[];
}

export interface JsxAttributeMatch {
  name: string[];
  /** Read this property of the attribute's object value (e.g. `__html`). */
  property?: string;
  value?: ValueCondition;
}

export interface StringMatch {
  pattern: string;
  /** Host or text patterns that make the literal harmless (e.g. XML namespaces, code-system URIs). */
  exclude?: string;
  /** `url`: the literal is used as an address (call argument or a url-named binding/property). */
  context?: 'url' | 'any';
}

export interface CredentialMatch {
  /** Binding, property, assignment-target or compared-name pattern that marks a credential. */
  names: string;
  notNames?: string;
  /** Literal values that count (e.g. the default-password list); otherwise any non-placeholder. */
  values?: string;
  notValues?: string;
  minLength?: number;
  /** Also match `name === 'literal'` comparisons (service backdoors). */
  comparisons?: boolean;
}

export interface ImportMatch {
  module: string[];
}

export type BuiltinMatch = 'suppression-justification' | 'suppression-unknown-rule';

export interface RegexMatch {
  superLinear: true;
}

/** An equality check (`===`, `!==`, `==`, `!=`) of a value named like `names`. */
export interface ComparisonMatch {
  /** Regular expression over the compared value's name (`csrf` in `req.body.csrf !== req.session.csrf`). */
  names: string;
  /**
   * Only a check that is skipped when one of the compared values is absent, so leaving it out passes:
   * `v && v !== expected` (rejects), `!v || v === expected` (accepts).
   */
  failOpen: true;
}

/** Conditions on the file's imports, for rules about what an application forgot (CSRF, helmet). */
export interface FileImportsCondition {
  any?: string[];
  none?: string[];
}

export interface Matcher {
  call?: CallMatch;
  assign?: AssignMatch;
  property?: PropertyMatch;
  jsxAttribute?: JsxAttributeMatch;
  string?: StringMatch;
  credential?: CredentialMatch;
  import?: ImportMatch;
  builtin?: BuiltinMatch;
  regex?: RegexMatch;
  comparison?: ComparisonMatch;
  context?: ContextCondition;
  fileImports?: FileImportsCondition;
}

/** A module a fix imports: `import name from 'module'` (or `import * as name`), `const name = require('module')`. */
export interface FixImport {
  module: string;
  name: string;
  namespace?: boolean;
}

/**
 * How the engine repairs a finding. Every kind refuses (offers no fix) when the rewrite would not be exact.
 * `safe: true` (the default) lets `sbd scan --fix` and fix-all apply it unreviewed.
 */
export type FixSpec = { title: string; safe?: boolean } & (
  /** Inside the singled-out string literal, the first match of `from` becomes `to` (`$1` allowed). */
  | { kind: 'replace-string'; from: string; to: string }
  /** The singled-out boolean/number/null literal (a string literal matching `from`, if given) becomes `values[option]` or `to`. */
  | { kind: 'set-value'; to?: string; values?: Record<string, string>; from?: string }
  /** The member of `x.name = v` / `x.name(…)`, a function imported by name, an option key or a JSX attribute becomes `to` (or `name.replace(from, to)`). */
  | { kind: 'rename-property'; to: string; from?: string }
  | { kind: 'exec-to-execfile' }
  | { kind: 'random-token' }
  /** The options object (argument `argument` of the call, or the object holding the matched property) gets `properties`, and `defaults` where absent. */
  | { kind: 'set-properties'; argument?: number; properties: Record<string, string>; defaults?: Record<string, string> }
  /** The matched property is deleted. */
  | { kind: 'remove-property' }
  /** The singled-out string literal matching `from` is removed from the array literal that holds it (`['--noent', f]` → `[f]`). */
  | { kind: 'remove-element'; from: string }
  /**
   * A call to the global (or the `module` export) named like `from` calls `to` instead (`import.name` + `.` + `to`
   * with `import`); with `plainArgument`, only when the first argument is a name, member or call, not text built in place.
   */
  | { kind: 'replace-callee'; from: string; to: string; module?: string; import?: FixImport; plainArgument?: boolean }
  /** `app.use(use)` after the statement that creates the app or mounts the matched middleware, importing `import`. */
  | { kind: 'add-middleware'; use: string; import: FixImport }
  /** Interpolated SQL → placeholders and a values array (pg, mysql, sqlite, knex; value positions only). */
  | { kind: 'parameterize-sql' }
  /** A credential literal → `process.env.NAME`, NAME from its variable or property, or `names[callee]` for call arguments. */
  | { kind: 'secret-from-env'; names?: Record<string, string> }
  /** The error-bearing values of a response → the constant `to`. */
  | { kind: 'generic-error-response'; to: string }
  /**
   * The non-constant parts of argument `argument` (or the assigned value) are passed through `call`; with
   * `keepFirst`, the first part (a base directory that must be fixed) is kept and `path.join` arguments are parts;
   * with `objectValues`, the fields of the object literal argument that carry request data of unknown shape are.
   */
  | { kind: 'wrap-values'; call: string; argument?: number; import?: FixImport; keepFirst?: boolean; objectValues?: boolean }
  /** `statement` becomes the first statement of the function passed as argument `argument` (`$param`: its first parameter). */
  | { kind: 'prepend-statement'; argument: number; statement: string }
  /** A JSX attribute `{{ property: v }}` is removed and `v` becomes the element's child (text). */
  | { kind: 'jsx-attribute-to-children'; property: string }
  /** `setTimeout('poll(' + id + ')')` → `setTimeout(() => poll(id))`: spliced values become values, not code. */
  | { kind: 'code-string-to-function' }
);

export interface RuleSpec {
  id: string;
  title: string;
  family: string;
  severity: Severity;
  confidence: Confidence;
  cwe: number[];
  owasp?: string[];
  iec81001: string[];
  fr: string[];
  message: string;
  help: string;
  match: Matcher | Matcher[];
  fix?: FixSpec;
  /** Example lines for documentation (fixtures live in test/fixtures/rules). */
  tags?: string[];
}

export interface CallbackModel {
  /** Calls whose function arguments receive framework objects. */
  callee: string[];
  /** Only when argument 0 is this constant (event name). */
  event?: string;
  /** Only for callbacks with exactly this many parameters (error middleware has four). */
  arity?: number;
  /** The callback is this option of an object passed to the call (`session({ genid: (req) => … })`), not an argument. */
  property?: string;
  /** Only for callbacks whose leading parameters are named like this (one pattern per parameter). */
  paramNames?: string[];
  /** Value names given to the callback's parameters: a qualified name, `$tainted`, `$error`, `$archive` (an entry name) or `$download` (a response). */
  params: string[];
}

export interface HandlerNameModel {
  /** Module names whose import marks the file as using a framework. */
  imports: string[];
  /** Parameter name patterns, one per leading parameter. */
  paramNames: string[];
  params: string[];
}

export interface SanitizerModel {
  callee: string[];
  /** Families the sanitiser makes safe; omitted = all (numeric casts, validators). */
  families?: string[];
}

export interface ModelPack {
  /** `object`: may be a structured object (operator injection); `archive`: names read from archive entries; `download`: network responses. */
  sources?: { name: string; patterns: string[]; object?: boolean; archive?: boolean; download?: boolean }[];
  callbacks?: CallbackModel[];
  handlerNames?: HandlerNameModel[];
  typeAliases?: Record<string, string>;
  sanitizers?: SanitizerModel[];
  /** Library functions whose result carries their arguments' taint (path.join, util.format …). */
  propagators?: string[];
  /** Calls whose result is the function passed as argument 0 (util.promisify). */
  passthrough?: string[];
  /** Calls that write argument 1 (data) to the file named by argument 0 (`fs.writeFile`). */
  fileWrites?: string[];
  /** Calls that open the file named by argument 0 as a stream to write (`fs.createWriteStream`): data piped into it lands there. */
  fileStreams?: string[];
  /** Names (identifiers, properties, keys) that carry protected health information. */
  phi?: { names: string; notNames?: string };
  /** Member names that never carry data of their base (length, size …). */
  safeMembers?: string[];
}

export interface RulePack {
  rules?: RuleSpec[];
  models?: ModelPack;
}
