// "kgls: Show Neighbourhood Graph": the page `kgls graph --format html` makes (with the real
// binary when $KGLS_BINARY is set), the click message, and reading a definition out of a
// workspace/symbol answer. The page in a real browser is tests/editors' graph browser test.

import { strict as assert } from 'assert';
import * as path from 'path';
import { test } from 'node:test';
import { definitionOf, graphArgs, graphPage, openMessage } from '../src/graph';
import { REPO_DIR } from './textmate';

const binary = process.env.KGLS_BINARY;
const examples = path.join(REPO_DIR, 'examples');

test('only an {command: "open", id} message is a click', () => {
  assert.deepEqual(openMessage({ command: 'open', id: 'residual-stream' }), { command: 'open', id: 'residual-stream' });
  assert.deepEqual(openMessage({ command: 'open', id: 'x', extra: 1 }), { command: 'open', id: 'x' });
  for (const other of [null, undefined, 'open', 42, [], {}, { command: 'open' }, { command: 'open', id: '' },
    { command: 'open', id: 7 }, { command: 'close', id: 'x' }]) {
    assert.equal(openMessage(other), undefined, JSON.stringify(other));
  }
});

test('the page is asked of kgls graph as HTML for the workspace folder', () => {
  assert.deepEqual(graphArgs('a-b', '/ws'), ['graph', 'a-b', '--format', 'html', '--depth', '1', '--workspace', '/ws']);
  assert.deepEqual(graphArgs('a', '/ws', 2).slice(4, 6), ['--depth', '2']);
});

test('a definition is the symbol named exactly as the ID', () => {
  const range = (line: number) => ({ start: { line, character: 2 }, end: { line, character: 9 } });
  const symbols = [
    { name: 'residual-stream-view', kind: 5, location: { uri: 'file:///w/drafts.kg', range: range(8) } },
    { name: 'residual-stream', kind: 5, location: { uri: 'file:///w/concepts.kg', range: range(4) } },
  ];
  assert.deepEqual(definitionOf(symbols, 'residual-stream'), { uri: 'file:///w/concepts.kg', line: 4, character: 2 });
  // A WorkspaceSymbol may come without a range: the file's start.
  assert.deepEqual(definitionOf([{ name: 'x', location: { uri: 'file:///w/x.kg' } }], 'x'), { uri: 'file:///w/x.kg', line: 0, character: 0 });
  assert.equal(definitionOf(symbols, 'residual'), undefined);
  assert.equal(definitionOf(null, 'x'), undefined);
  assert.equal(definitionOf([null, 3, { name: 'x' }], 'x'), undefined);
});

test('kgls graph makes the page, or says why not', async (t) => {
  if (!binary) {
    t.skip('$KGLS_BINARY is not set (tests/editors/vscode_test.sh sets it to the built kgls)');
    return;
  }
  const page = await graphPage(binary, 'residual-stream', examples);
  assert.ok('html' in page, `no page: ${JSON.stringify(page)}`);
  assert.match(page.html, /^<!DOCTYPE html>/);
  assert.match(page.html, /<svg /);
  assert.match(page.html, /<title>residual&#45;stream<\/title>/);
  assert.match(page.html, /acquireVsCodeApi/);
  assert.match(page.html, /likely duplicate/);

  const unknown = await graphPage(binary, 'no-such-entity', examples);
  assert.ok('error' in unknown);
  assert.match(unknown.error, /^no entity `no-such-entity` in /);

  const saved = process.env.PATH;
  process.env.PATH = '/nonexistent-kgls-test';
  try {
    const noGraphviz = await graphPage(binary, 'residual-stream', examples);
    assert.ok('error' in noGraphviz);
    assert.match(noGraphviz.error, /Graphviz is not installed/);
  } finally {
    process.env.PATH = saved;
  }
});
