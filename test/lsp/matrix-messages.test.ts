// The trace matrix page is untrusted input: only the typed messages of src/shared/matrix.ts get through,
// and an export request carries a format, never a path.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseMatrixMessage } from '../../src/shared/matrix';

describe('messages from the trace matrix webview', () => {
  it('accepts the typed messages', () => {
    assert.deepEqual(parseMatrixMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseMatrixMessage({ type: 'openTest', requirement: 'SR-1', index: 2 }), { type: 'openTest', requirement: 'SR-1', index: 2 });
    assert.deepEqual(parseMatrixMessage({ type: 'revealRequirement', requirement: 'SR-3' }), { type: 'revealRequirement', requirement: 'SR-3' });
    for (const format of ['csv', 'md', 'html'] as const) assert.deepEqual(parseMatrixMessage({ type: 'export', format }), { type: 'export', format });
  });

  it('drops anything else, and keeps only the format of an export', () => {
    for (const m of [null, 'export', { type: 'export', format: 'pdf' }, { type: 'export' }, { type: 'openImplementation', requirement: 'SR-1', index: '0' }, { type: 'eval', code: '1' }]) {
      assert.equal(parseMatrixMessage(m), undefined, JSON.stringify(m));
    }
    assert.deepEqual(parseMatrixMessage({ type: 'export', format: 'csv', targetUri: 'file:///etc/passwd' }), { type: 'export', format: 'csv' });
  });
});
