import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lastSegmentNames } from '../../src/core/rules/names';

// Rules are indexed by the names their globs can end with; a glob left unindexed is tried on every node.
test('lastSegmentNames expands every brace group of the last segment', () => {
  assert.deepEqual(lastSegmentNames('child_process.exec'), ['exec']);
  assert.deepEqual(lastSegmentNames('**.{get,post}'), ['get', 'post']);
  assert.deepEqual(lastSegmentNames('express.Request.session.{user,staff}{,Id}'), ['user', 'userId', 'staff', 'staffId']);
  assert.deepEqual(lastSegmentNames('pg.Pool().query()'), ['query']);
  assert.deepEqual(lastSegmentNames('**.?'), ['?']);
});

test('lastSegmentNames leaves a segment with * unindexed', () => {
  assert.equal(lastSegmentNames('{localStorage,sessionStorage}.*'), undefined);
  assert.equal(lastSegmentNames('**.set*'), undefined);
});
