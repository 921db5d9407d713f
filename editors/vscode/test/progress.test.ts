// The status-bar text folded from `$/progress` values.

import { strict as assert } from 'assert';
import { test } from 'node:test';
import { ProgressTracker } from '../src/progress';

test('hidden until work begins, shows title, message and percentage, hidden after the end', () => {
  const p = new ProgressTracker();
  assert.equal(p.status(), undefined);
  assert.ok(p.update('index-1', { kind: 'begin', title: 'Indexing', percentage: 0 }));
  assert.equal(p.status()?.text, '$(sync~spin) kgls: Indexing (0%)');
  assert.ok(p.update('index-1', { kind: 'report', message: '3/7 files', percentage: 42.6 }));
  assert.equal(p.status()?.text, '$(sync~spin) kgls: Indexing: 3/7 files (43%)');
  // A report without a message keeps the last one.
  p.update('index-1', { kind: 'report', percentage: 71 });
  assert.equal(p.status()?.text, '$(sync~spin) kgls: Indexing: 3/7 files (71%)');
  assert.ok(p.update('index-1', { kind: 'end', message: 'done' }));
  assert.equal(p.status(), undefined);
});

test('several tasks: the first begun is shown, the others counted and listed in the tooltip', () => {
  const p = new ProgressTracker();
  p.update(1, { kind: 'begin', title: 'Indexing' });
  p.update('embed', { kind: 'begin', title: 'Embedding', message: '120 entities' });
  assert.deepEqual(p.status(), {
    text: '$(sync~spin) kgls: Indexing (+1)',
    tooltip: 'Indexing\nEmbedding: 120 entities',
  });
  p.update(1, { kind: 'end' });
  assert.equal(p.status()?.text, '$(sync~spin) kgls: Embedding: 120 entities');
});

test('reports and ends for unknown tokens are ignored; clear() hides everything', () => {
  const p = new ProgressTracker();
  assert.equal(p.update('nope', { kind: 'report', percentage: 5 }), false);
  assert.equal(p.update('nope', { kind: 'end' }), false);
  assert.equal(p.status(), undefined);
  p.update('a', { kind: 'begin', title: 'Indexing' });
  p.clear();
  assert.equal(p.status(), undefined);
});
