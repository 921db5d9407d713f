// The card's Markdown out of the shapes a server may answer with.

import { strict as assert } from 'assert';
import { test } from 'node:test';
import { markdownOf } from '../src/card';

test('strings, MarkupContent, Hover and MarkedString lists give Markdown; null gives none', () => {
  assert.equal(markdownOf('# card'), '# card');
  assert.equal(markdownOf({ kind: 'markdown', value: '# card' }), '# card');
  assert.equal(markdownOf({ contents: { kind: 'markdown', value: '# card' }, range: {} }), '# card');
  assert.equal(markdownOf({ contents: ['a', { language: 'kg', value: 'b' }] }), 'a\n\nb');
  assert.equal(markdownOf(null), undefined);
  assert.equal(markdownOf(''), undefined);
  assert.equal(markdownOf({ kind: 'markdown', value: '' }), undefined);
  assert.equal(markdownOf(42), undefined);
});
