// The source of syntaxes/kg.tmLanguage.json: `npm run grammar` writes it, and a test fails
// when the committed JSON is not what this script makes. TextMate grammars have no
// variables, so the identifier's regex (long, and needed six times) is built here once.
//
// Scopes mirror the tree-sitter captures in grammar/queries/highlights.scm (the table in
// editors/README.md); test/grammar.test.ts checks them against the tree-sitter CLI.
//
// Line-based limits: TextMate sees one line at a time, so an entity header is recognised
// when `KIND ID {` is on one line and an edge when `RELATION TARGET` is; `.kg` allows
// newlines anywhere, but these are how every file is written in practice.
'use strict';
const fs = require('fs');
const path = require('path');

// An identifier character, and a number (language.md: a token that is a plain number is
// a number, not an identifier, so `2021` is a number and `2021-circuits` an identifier).
const C = '[\\p{L}\\p{N}\\p{M}_.\\-]';
const NUM = '-?[0-9]+(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?';
// Not preceded by an identifier character (so matching never starts mid-word), not a
// whole number, then a letter, digit or `_` followed by identifier characters.
const ID = `(?<!${C})(?!${NUM}(?!${C}))[\\p{L}\\p{N}_]${C}*`;
const KW = `(?:true|false)(?!${C})`;
const g = {
  $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
  name: 'kg',
  scopeName: 'source.kg',
  fileTypes: ['kg'],
  patterns: [{ include: '#comment' }, { include: '#entity' }],
  repository: {
    comment: {
      match: '(#).*$',
      name: 'comment.line.number-sign.kg',
      captures: { 1: { name: 'punctuation.definition.comment.kg' } },
    },
    entity: {
      begin: `(${ID})\\s+(${ID})\\s*(\\{)`,
      beginCaptures: {
        1: { name: 'entity.name.type.kind.kg' },
        2: { name: 'variable.other.constant.definition.kg' },
        3: { name: 'punctuation.section.block.begin.kg' },
      },
      end: '\\}',
      endCaptures: { 0: { name: 'punctuation.section.block.end.kg' } },
      name: 'meta.entity.kg',
      patterns: [
        { include: '#comment' },
        { include: '#entity' },
        { include: '#field' },
        { include: '#edge' },
        { include: '#value' },
      ],
    },
    field: {
      match: `(${ID})\\s*(:)(?:\\s*(?!${KW})(${ID}))?`,
      captures: {
        1: { name: 'variable.other.property.kg' },
        2: { name: 'punctuation.separator.key-value.kg' },
        3: { name: 'constant.other.symbol.kg' },
      },
    },
    edge: {
      begin: `(${ID})\\s+(${ID})`,
      beginCaptures: {
        1: { name: 'entity.name.function.relation.kg' },
        2: { name: 'variable.other.constant.reference.kg' },
      },
      end: '(?<=")|(?=[^\\s"])|$',
      name: 'meta.edge.kg',
      patterns: [{ include: '#note' }],
    },
    note: {
      begin: '"',
      beginCaptures: { 0: { name: 'punctuation.definition.string.begin.kg' } },
      end: '"|$',
      endCaptures: { 0: { name: 'punctuation.definition.string.end.kg' } },
      name: 'string.quoted.double.note.kg',
      patterns: [{ include: '#escape' }],
    },
    value: {
      patterns: [
        { include: '#text_block' },
        { include: '#string' },
        { include: '#list' },
        { include: '#number' },
        { include: '#boolean' },
      ],
    },
    text_block: {
      begin: '"""',
      beginCaptures: { 0: { name: 'punctuation.definition.string.begin.kg' } },
      end: '"""',
      endCaptures: { 0: { name: 'punctuation.definition.string.end.kg' } },
      name: 'string.quoted.triple.block.kg',
      patterns: [{ include: '#escape' }],
    },
    string: {
      begin: '"',
      beginCaptures: { 0: { name: 'punctuation.definition.string.begin.kg' } },
      end: '"|$',
      endCaptures: { 0: { name: 'punctuation.definition.string.end.kg' } },
      name: 'string.quoted.double.kg',
      patterns: [{ include: '#escape' }],
    },
    escape: {
      patterns: [
        { match: '\\\\(?:["\\\\nt]|u\\{[0-9A-Fa-f]{1,6}\\})', name: 'constant.character.escape.kg' },
        { match: '\\\\(?:u\\{[0-9A-Fa-f]*\\}|u|.)', name: 'constant.character.escape.kg invalid.illegal.unknown-escape.kg' },
      ],
    },
    list: {
      begin: '\\[',
      beginCaptures: { 0: { name: 'punctuation.section.list.begin.kg' } },
      end: '\\]',
      endCaptures: { 0: { name: 'punctuation.section.list.end.kg' } },
      name: 'meta.list.kg',
      patterns: [
        { include: '#comment' },
        { include: '#text_block' },
        { include: '#string' },
        { include: '#number' },
        { include: '#boolean' },
        { match: ID, name: 'constant.other.symbol.kg' },
        { match: ',', name: 'punctuation.separator.list.kg' },
      ],
    },
    number: { match: `(?<!${C})${NUM}(?!${C})`, name: 'constant.numeric.kg' },
    boolean: { match: `(?<!${C})${KW}`, name: 'constant.language.boolean.kg' },
  },
};
const OUT = path.join(__dirname, '..', 'syntaxes', 'kg.tmLanguage.json');

/** The grammar file's text. */
function build() {
  return JSON.stringify(g, null, 2) + '\n';
}

module.exports = { build, OUT };

if (require.main === module) {
  fs.writeFileSync(OUT, build());
  console.log(`wrote ${path.relative(process.cwd(), OUT)}`);
}
