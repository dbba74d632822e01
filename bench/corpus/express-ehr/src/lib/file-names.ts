// File names that clients send for attachments and exports.

const SAFE_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export class FileNameError extends Error {
  readonly status = 400;
}

/** One path segment of letters, digits, dot, dash and underscore; never `..`. Throws otherwise. */
export function assertSafeFileName(name: unknown): string {
  if (typeof name !== 'string' || !SAFE_FILE_NAME.test(name) || name.includes('..')) throw new FileNameError('invalid file name');
  return name;
}
