/**
 * Halibut 1.3's diagnostic texts (error.c), one builder per kind, with the
 * stable code each kind carries in our output. Messages start with halibut's
 * exact wording so that its users recognise them and tests can compare.
 */

export type Message = readonly [text: string, code: string];

const m = (text: string, code: string): Message => [text, code];

export const msg = {
  zeroChar: () => m('the Unicode zero character is not permitted in input', 'zero-char'),
  brokenCodePara: () => m("every line of a code paragraph should begin `\\c'", 'broken-code-paragraph'),
  kwUnclosed: () => m("expected `}' after paragraph keyword", 'keyword-unclosed'),
  kwExpected: () => m('expected a paragraph keyword', 'keyword-expected'),
  kwIllegal: () => m('expected no paragraph keyword', 'keyword-illegal'),
  kwTooMany: () => m('expected only one paragraph keyword', 'keyword-too-many'),
  bodyIllegal: () => m('expected no text after paragraph keyword', 'body-illegal'),
  badParaType: (name: string) => m(`command \`${name}' unrecognised at start of paragraph`, 'unknown-paragraph-command'),
  badMidCmd: (name: string) => m(`command \`${name}' unexpected in mid-paragraph`, 'unknown-command'),
  unexpectedBrace: () => m('brace character unexpected in mid-paragraph', 'unexpected-brace'),
  expectedLBrace: () => m("expected `{' after command", 'expected-brace'),
  commentEof: () => m("end of file unexpected inside `\\#{...}' comment", 'comment-eof'),
  xrefUnclosed: () => m("expected `}' after cross-reference", 'xref-unclosed'),
  codeQuote: () => m('unable to nest \\q{...} within \\c{...} or \\cw{...}', 'quote-in-code'),
  missingRBrace: () => m('unclosed braces at end of paragraph', 'unclosed-brace'),
  missingRBrace2: () => m('unclosed braces at end of input file', 'unclosed-block'),
  nestedStyles: () => m('unable to nest text styles', 'nested-styles'),
  nestedIndex: () => m('unable to nest index markings', 'nested-index'),
  indexCase: (tag: string, other: string, file: string, line: number) =>
    m(`warning: index tag \`${tag}' used with different case (\`${other}') at ${file}:${line}`, 'index-case'),
  noSuchKw: (key: string) => m(`unable to resolve cross-reference to \`${key}'`, 'unresolved-xref'),
  multiBR: (key: string) => m(`multiple \`\\BR' entries given for \`${key}'`, 'multiple-br'),
  noSuchIdxTag: (tag: string) => m(`\`\\IM' on unknown index tag \`${tag}'`, 'unknown-index-tag'),
  macroExists: (name: string) => m(`macro \`${name}' already defined`, 'macro-redefined'),
  sectJump: () => m('expected higher heading levels before this one', 'heading-level-jump'),
  multiKw: (key: string, file: string, line: number) =>
    m(`paragraph keyword \`${key}' already defined at ${file}:${line}`, 'duplicate-keyword'),
  misplacedLcont: () => m('\\lcont is only expected after a list item', 'misplaced-lcont'),
  sectInBlock: (block: string) => m(`section headings are not supported within \\${block}`, 'heading-in-block'),
  cfgInsufficient: (key: string, n: number) =>
    m(`\\cfg{${key}} expects at least ${n} parameter${n === 1 ? '' : 's'}`, 'cfg-too-few-parameters'),
  charset: (name: string) => m(`character set \`${name}' not recognised`, 'unknown-charset'),
  macroLoop: (name: string) =>
    m(`macro \`${name}' expands to itself without end (halibut would hang here)`, 'macro-recursion'),
  cantOpen: (file: string) => m(`unable to open input file \`${file}'`, 'cannot-open'),
} as const;
