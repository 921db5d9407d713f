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

// tree-sitter builds `\p{L}` from UnicodeData.txt and loses the blocks listed
// there as `<..., First>`/`<..., Last>` pairs (tree-sitter issue #1432): CJK
// ideographs, Hangul syllables and Tangut would not be letters. Name them here.
const RANGED_LETTERS = [
  '\\u{3400}-\\u{4DBF}', // CJK Unified Ideographs Extension A
  '\\u{4E00}-\\u{9FFF}', // CJK Unified Ideographs
  '\\u{AC00}-\\u{D7A3}', // Hangul Syllables
  '\\u{17000}-\\u{187F7}', // Tangut
  '\\u{18D00}-\\u{18D08}', // Tangut Supplement
  '\\u{20000}-\\u{2A6DF}', // CJK Extension B
  '\\u{2A700}-\\u{2EE5D}', // CJK Extensions C to F and I
  '\\u{30000}-\\u{323AF}', // CJK Extensions G and H
].join('');

// Character classes of an identifier, as regex source. `[^\P{L}eE]` is "a
// letter other than e or E": a class difference that a `u` regex can express.
const R = RANGED_LETTERS;
const OTHER_NUMERIC = '[^\\P{N}0-9]'; // \p{N} without the ASCII digits
const C = `(?:[\\p{L}\\p{N}\\p{M}_.\\-${R}])`; // any identifier character
const ND = `(?:[\\p{L}\\p{M}_.\\-${R}]|${OTHER_NUMERIC})`; // C but not a digit
const X1 = `(?:[^\\P{L}eE]|${OTHER_NUMERIC}|[\\p{M}_\\-${R}])`; // ND but not . e E
const X3 = `(?:[^\\P{L}eE]|${OTHER_NUMERIC}|[\\p{M}_.\\-${R}])`; // ND but not e E
const X4 = `(?:[\\p{L}\\p{M}_.${R}]|${OTHER_NUMERIC})`; // ND but not -
const D = '[0-9]';

// "A token that is a plain number is a number, not an identifier", in every
// position. tree-sitter only lexes the tokens a parse state allows, so where
// only an identifier fits (a kind, an ID, a key, a relation, a target) it would
// read `2021` or `1706.03762` as an identifier. Instead, an identifier that
// starts with a digit must leave the shape of a number
// `[0-9]+(\.[0-9]+)?([eE]-?[0-9]+)?` somewhere: `2021-circuits`, `1.5.3`,
// `3d`, `1e5x`. The alternatives below follow a number's states after its
// digits: after `.`, after `.5`, after `e`, after `e-`.
const AFTER_E_MINUS = `(?:${D}*${ND}${C}*)?`;
const AFTER_E = `(?:${X4}${C}*|-${AFTER_E_MINUS}|${D}+${ND}${C}*)?`;
const AFTER_FRACTION = `(?:${X3}${C}*|[eE]${AFTER_E})`;
const AFTER_DOT = `(?:${ND}${C}*|${D}+${AFTER_FRACTION})?`;
const DIGIT_IDENTIFIER = `${D}+(?:${X1}${C}*|\\.${AFTER_DOT}|[eE]${AFTER_E})`;
const WORD_IDENTIFIER = `(?:[\\p{L}_${R}]|${OTHER_NUMERIC})${C}*`;
const IDENTIFIER = new RegExp(`${WORD_IDENTIFIER}|${DIGIT_IDENTIFIER}`, 'u');

module.exports = grammar({
  name: 'kg',

  extras: $ => [/\s/, $.comment],

  word: $ => $.identifier,

  rules: {
    source_file: $ => repeat($.entity),

    entity: $ => seq(
      $._entity_head,
      '{',
      repeat(choice($.field, $.edge, $.entity)),
      '}',
    ),

    // `KIND ID` as a rule of its own (hidden: the tree is the same) so that
    // `{` reduces it. tree-sitter inserts a missing token only where the next
    // token then reduces; this lets `paper {` recover as an entity with a
    // missing ID instead of swallowing the next entity's kind.
    _entity_head: $ => seq(
      field('kind', $.identifier),
      field('id', $.identifier),
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

    // The closing quote is immediate so that whitespace before it is content,
    // not an extra that the lexer skips on its way to the quote.
    string: $ => seq(
      '"',
      repeat(choice($.string_content, $.escape_sequence)),
      token.immediate('"'),
    ),

    // A text block ends at the first `"""`; quotes alone or in pairs are content.
    // The closing `"""` is immediate for the same reason as a string's quote:
    // without it, the blank last line of a block after an escape is dropped.
    text_block: $ => seq(
      '"""',
      repeat(choice(
        $.text_block_content,
        alias($._text_block_quotes, $.text_block_content),
        $.escape_sequence,
      )),
      token.immediate('"""'),
    ),

    string_content: _ => token.immediate(prec(1, /[^"\\\n]+/)),

    text_block_content: _ => token.immediate(prec(1, /([^"\\]|"[^"\\]|""[^"\\])+/)),

    // One or two quotes right before a backslash (`"\n"` inside a block), which
    // `text_block_content` cannot end with. Lowest precedence, so `"""` still closes.
    _text_block_quotes: _ => token.immediate(prec(-1, /""?/)),

    // Any backslash pair is an escape token; the model reports the ones the
    // language does not define, with a message that names them.
    escape_sequence: _ => token.immediate(choice(
      /\\u\{[0-9A-Fa-f]*\}/,
      /\\[^u\n]/,
      /\\u/,
    )),

    // No identifier matches a whole number (see IDENTIFIER), so `2021` is a
    // number wherever it stands, while `2021-circuits` is an identifier.
    number: _ => token(/-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/),

    true: _ => 'true',
    false: _ => 'false',

    identifier: _ => token(IDENTIFIER),

    comment: _ => token(seq('#', /.*/)),
  },
});
