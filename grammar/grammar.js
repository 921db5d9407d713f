// @ts-check
/**
 * Tree-sitter grammar for `.kg` knowledge-graph files.
 * The language is specified in the project's docs (docs/language.md).
 *
 * Error tolerance: an entity may appear *inside* another entity's body. The
 * language does not allow that; the grammar accepts it so that a missing `}`
 * does not swallow the next entity, and the model reports
 * "expected `}` to close entity `a` ...". Parsing never fails.
 */

const IDENT_START = /[\p{L}\p{N}_]/u;

module.exports = grammar({
  name: 'kg',

  extras: $ => [/\s/, $.comment],

  word: $ => $.identifier,

  rules: {
    source_file: $ => repeat($.entity),

    entity: $ => seq(
      field('kind', $.identifier),
      field('id', $.identifier),
      '{',
      repeat(choice($.field, $.edge, $.entity)),
      '}',
    ),

    field: $ => seq(
      field('key', $.identifier),
      ':',
      field('value', $._value),
    ),

    edge: $ => seq(
      field('relation', $.identifier),
      field('target', $.identifier),
      optional(field('note', $.string)),
    ),

    _scalar: $ => choice(
      $.string,
      $.text_block,
      $.number,
      $.true,
      $.false,
      $.identifier,
    ),

    _value: $ => choice($._scalar, $.list),

    list: $ => seq(
      '[',
      optional(seq(
        $._scalar,
        repeat(seq(',', $._scalar)),
        optional(','),
      )),
      ']',
    ),

    string: $ => seq(
      '"',
      repeat(choice($.string_content, $.escape_sequence)),
      '"',
    ),

    // A text block ends at the first `"""`; quotes alone or in pairs are content.
    text_block: $ => seq(
      '"""',
      repeat(choice($.text_block_content, $.escape_sequence)),
      '"""',
    ),

    string_content: _ => token.immediate(prec(1, /[^"\\\n]+/)),

    text_block_content: _ => token.immediate(prec(1, /([^"\\]|"[^"\\]|""[^"\\])+/)),

    // Any backslash pair is an escape token; the model reports the ones the
    // language does not define, with a message that names them.
    escape_sequence: _ => token.immediate(choice(
      /\\u\{[0-9A-Fa-f]*\}/,
      /\\[^u\n]/,
      /\\u/,
    )),

    // A plain number wins over an identifier of the same length (`2021`),
    // while a longer identifier still wins (`2021-circuits`).
    number: _ => token(/-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/),

    true: _ => 'true',
    false: _ => 'false',

    identifier: _ => token(seq(IDENT_START, repeat(/[\p{L}\p{N}\p{M}_.\-]/u))),

    comment: _ => token(seq('#', /.*/)),
  },
});
