// "Find duplicates": pairs from the server's command result or from published diagnostics.

import { strict as assert } from 'assert';
import { test } from 'node:test';
import { DiagnosticLike, describePair, pairsFromCommandResult, pairsFromDiagnostics } from '../src/duplicates';

const concepts = 'file:///kb/concepts.kg';
const drafts = 'file:///kb/drafts.kg';

function diag(line: number, character: number, otherUri: string, otherLine: number, message: string, code: unknown = 'likely-duplicate'): DiagnosticLike {
  return {
    code,
    message,
    range: { start: { line, character } },
    relatedInformation: [{ location: { uri: otherUri, range: { start: { line: otherLine, character: 8 } } }, message: 'the other entity' }],
  };
}

test('a pair reported on both IDs is listed once, named by the IDs at the ranges', () => {
  const ids: Record<string, string> = { [`${concepts}:4`]: 'residual-stream', [`${drafts}:8`]: 'residual-stream-view' };
  const pairs = pairsFromDiagnostics(
    [
      [concepts, [diag(4, 8, drafts, 8, 'likely duplicate of `residual-stream-view`')]],
      [drafts, [diag(8, 8, concepts, 4, 'likely duplicate of `residual-stream`'), diag(8, 8, concepts, 4, 'x', 'unknown-kind')]],
    ],
    (uri, line) => ids[`${uri}:${line}`],
  );
  assert.equal(pairs.length, 1);
  assert.deepEqual(pairs[0].a, { id: 'residual-stream', uri: concepts, line: 4, character: 8 });
  assert.deepEqual(pairs[0].b, { id: 'residual-stream-view', uri: drafts, line: 8, character: 8 });
  assert.deepEqual(describePair(pairs[0]), {
    label: 'residual-stream \u2194 residual-stream-view',
    description: '',
    detail: 'concepts.kg:5 \u00b7 drafts.kg:9 \u2014 likely duplicate of `residual-stream-view`',
  });
});

test('without open documents the IDs come from the message; codes may be {value}', () => {
  const pairs = pairsFromDiagnostics(
    [[drafts, [diag(8, 8, concepts, 4, '`residual-stream-view` looks like `residual-stream`', { value: 'likely-duplicate' })]]],
    () => undefined,
  );
  assert.equal(pairs.length, 1);
  assert.equal(pairs[0].a.id, 'residual-stream');
  assert.equal(pairs[0].b.id, 'residual-stream-view');
});

test('command results: pairs with LSP locations, best score first, odd entries dropped and counted', () => {
  const side = (id: string, uri: string, line: number) => ({ id, uri, range: { start: { line, character: 8 }, end: { line, character: 20 } } });
  const { pairs, dropped } = pairsFromCommandResult({
    pairs: [
      { a: side('x', concepts, 1), b: side('y', drafts, 2), score: 0.81 },
      { a: { id: 'p', location: { uri: concepts, range: { start: { line: 3, character: 0 } } } }, b: side('q', drafts, 4), score: 0.93 },
      { a: side('broken', concepts, 1) },
      'nonsense',
    ],
  });
  assert.equal(dropped, 2);
  assert.deepEqual(pairs.map((p) => [p.a.id, p.b.id, p.score]), [['p', 'q', 0.93], ['x', 'y', 0.81]]);
  assert.equal(describePair(pairs[0]).description, 'score 0.93');
  assert.deepEqual(pairsFromCommandResult(null), { pairs: [], dropped: 0 });
  assert.deepEqual(pairsFromCommandResult(42), { pairs: [], dropped: 1 });
});
