// language-configuration.json: what VS Code uses for words (double-click, completion
// ranges), comments, brackets and indentation in .kg files.

import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { test } from 'node:test';
import { EXTENSION_DIR } from './textmate';

const config = JSON.parse(fs.readFileSync(path.join(EXTENSION_DIR, 'language-configuration.json'), 'utf8'));

test('a word is a whole ID (with - and .), or a number', () => {
  const word = new RegExp(config.wordPattern.pattern, config.wordPattern.flags + 'g');
  const line = '  extends a-mathematical-framework-for-transformer-circuits "note" year: 2021 cites gpt-2 v1.5.3 -0.5 résumé 文字';
  assert.deepEqual(line.match(word), [
    'extends',
    'a-mathematical-framework-for-transformer-circuits',
    'note',
    'year',
    '2021',
    'cites',
    'gpt-2',
    'v1.5.3',
    '-0.5',
    'résumé',
    '文字',
  ]);
});

test('comments, brackets and indentation', () => {
  assert.equal(config.comments.lineComment, '#');
  assert.deepEqual(config.brackets, [['{', '}'], ['[', ']']]);
  const increase = new RegExp(config.indentationRules.increaseIndentPattern);
  const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
  assert.ok(increase.test('framework a-framework {'));
  assert.ok(increase.test('  tags: [   # one per line'));
  assert.ok(!increase.test('  title: "a { in a string"'));
  assert.ok(!increase.test('# a comment {'));
  assert.ok(decrease.test('  }'));
  assert.ok(decrease.test('  ]'));
  assert.ok(!decrease.test('  title: "x"'));
});
