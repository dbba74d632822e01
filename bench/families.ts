// The weakness families the accuracy corpus is labelled with, and how a tool's CWE ids map onto them.
// A result belongs to a family when one of its rule's CWEs is listed here; results whose CWEs map to no
// family are reported as "unmapped" and never scored. The order of FAMILIES is the order of every table.

export const FAMILIES = [
  'command-injection',
  'sql-injection',
  'nosql-injection',
  'code-injection',
  'xss',
  'path-traversal',
  'ssrf',
  'open-redirect',
  'weak-crypto',
  'insecure-randomness',
  'hardcoded-secret',
  'tls-verification',
  'cleartext-transport',
  'phi-in-logs',
  'phi-in-storage',
  'error-exposure',
  'jwt',
  'session',
  'prototype-pollution',
  'redos',
  'xxe',
  'deserialization',
  'cors',
  'csrf',
  'security-headers',
  'unsigned-code',
  'electron',
  'postmessage',
] as const;

export type Family = (typeof FAMILIES)[number];

/** CWE id → family. Each CWE belongs to one family; the comment names the CWE. */
export const CWE_FAMILY: Readonly<Record<number, Family>> = {
  77: 'command-injection', // Command Injection
  78: 'command-injection', // OS Command Injection
  89: 'sql-injection', // SQL Injection
  943: 'nosql-injection', // Improper Neutralization of Special Elements in Data Query Logic
  94: 'code-injection', // Code Injection
  95: 'code-injection', // Eval Injection
  1336: 'code-injection', // Improper Neutralization of Special Elements Used in a Template Engine (SSTI)
  79: 'xss', // Cross-site Scripting
  80: 'xss', // Basic XSS
  22: 'path-traversal', // Path Traversal
  23: 'path-traversal', // Relative Path Traversal
  73: 'path-traversal', // External Control of File Name or Path
  918: 'ssrf', // Server-Side Request Forgery
  601: 'open-redirect', // URL Redirection to Untrusted Site
  326: 'weak-crypto', // Inadequate Encryption Strength
  327: 'weak-crypto', // Broken or Risky Cryptographic Algorithm
  328: 'weak-crypto', // Use of Weak Hash
  329: 'weak-crypto', // Generation of Predictable IV with CBC Mode
  916: 'weak-crypto', // Password Hash With Insufficient Computational Effort
  330: 'insecure-randomness', // Use of Insufficiently Random Values
  338: 'insecure-randomness', // Cryptographically Weak PRNG
  259: 'hardcoded-secret', // Use of Hard-coded Password
  321: 'hardcoded-secret', // Use of Hard-coded Cryptographic Key
  798: 'hardcoded-secret', // Use of Hard-coded Credentials
  295: 'tls-verification', // Improper Certificate Validation
  297: 'tls-verification', // Improper Validation of Certificate with Host Mismatch
  319: 'cleartext-transport', // Cleartext Transmission of Sensitive Information
  532: 'phi-in-logs', // Insertion of Sensitive Information into Log File
  312: 'phi-in-storage', // Cleartext Storage of Sensitive Information
  315: 'phi-in-storage', // Cleartext Storage of Sensitive Information in a Cookie (child of 312)
  359: 'phi-in-storage', // Exposure of Private Personal Information to an Unauthorized Actor
  922: 'phi-in-storage', // Insecure Storage of Sensitive Information
  209: 'error-exposure', // Generation of Error Message Containing Sensitive Information
  497: 'error-exposure', // Exposure of Sensitive System Information to an Unauthorized Control Sphere
  347: 'jwt', // Improper Verification of Cryptographic Signature (unverified or alg-confused tokens)
  613: 'jwt', // Insufficient Session Expiration (tokens accepted after their expiry)
  614: 'session', // Sensitive Cookie in HTTPS Session Without 'Secure' Attribute
  1004: 'session', // Sensitive Cookie Without 'HttpOnly' Flag
  384: 'session', // Session Fixation
  1275: 'session', // Sensitive Cookie with Improper SameSite Attribute
  1321: 'prototype-pollution', // Improperly Controlled Modification of Object Prototype Attributes
  915: 'prototype-pollution', // Improperly Controlled Modification of Dynamically-Determined Object Attributes
  1333: 'redos', // Inefficient Regular Expression Complexity
  400: 'redos', // Uncontrolled Resource Consumption (reported with 1333 for regexes)
  611: 'xxe', // Improper Restriction of XML External Entity Reference
  776: 'xxe', // XML Entity Expansion
  502: 'deserialization', // Deserialization of Untrusted Data
  942: 'cors', // Permissive Cross-domain Policy with Untrusted Domains
  352: 'csrf', // Cross-Site Request Forgery
  693: 'security-headers', // Protection Mechanism Failure (missing security headers)
  1021: 'security-headers', // Improper Restriction of Rendered UI Layers (clickjacking, frame-ancestors)
  494: 'unsigned-code', // Download of Code Without Integrity Check
  829: 'unsigned-code', // Inclusion of Functionality from Untrusted Control Sphere
  353: 'unsigned-code', // Missing Support for Integrity Check (scripts without SRI)
  1188: 'electron', // Insecure Default Initialization of Resource (Electron webPreferences)
  939: 'electron', // Improper Authorization in Handler for Custom URL Scheme (shell.openExternal)
  749: 'electron', // Exposed Dangerous Method or Function (preload bridges)
  345: 'postmessage', // Insufficient Verification of Data Authenticity (messages from any origin)
  346: 'postmessage', // Origin Validation Error (also reported by CORS rules, whose primary CWE is 942)
  201: 'postmessage', // Insertion of Sensitive Information Into Sent Data (postMessage to "*")
};

export function isFamily(value: string): value is Family {
  return (FAMILIES as readonly string[]).includes(value);
}

/** The distinct families of a CWE list, in the list's order (the first is the result's primary family). */
export function familiesOf(cwes: readonly number[]): Family[] {
  const out: Family[] = [];
  for (const cwe of cwes) {
    const family = CWE_FAMILY[cwe];
    if (family && !out.includes(family)) out.push(family);
  }
  return out;
}
