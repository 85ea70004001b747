// The source of syntaxes/simple.tmLanguage.json (written by grammar/write.ts, checked by
// test/grammar/grammar.test.ts). Word lists live here once and become regexes below; the server's lexer
// (server/src/language/lexer.ts, keywords.ts) is the reference for what a token is.
//
// Keywords: words the core lexer reserves are highlighted anywhere; contextual words (const, mod, alias,
// actor, bitfield, defer, describe, it, ...) only in the position that makes them keywords, usually the
// start of a statement, so `val end`, `schema.type` or a variable named `shared` stay names.

import { RESERVED } from '../../server/src/language/keywords';

type Rule = Record<string, unknown>;

const IDENT = '[A-Za-z_][A-Za-z0-9_]*';
/** Start of a statement: the line start or after `;`, with the declaration modifiers that may precede it. */
const STMT = '(?:^|(?<=;))\\s*';
const VISIBILITY = '(?:pub(?:\\s*\\([^)]*\\))?|pri)';
const MODIFIERS = `(?:(?:${VISIBILITY}|export|static|async|extern|unsafe|shared|kernel)\\s+)*`;

function words(list: readonly string[]): string {
  return `\\b(?:${list.join('|')})\\b`;
}

/** Words the core lexer reserves (digest §3.2) plus the server's RESERVED set: keywords anywhere. */
const CONTROL = [
  'if',
  'elif',
  'else',
  'for',
  'while',
  'loop',
  'do',
  'match',
  'case',
  'return',
  'break',
  'continue',
  'pass_todo',
  'pass_do_nothing',
  'pass_dn',
  'pass',
  'yield',
  'await',
  'spawn',
  'with',
];
const OPERATOR_WORDS = ['and', 'or', 'not', 'xor', 'is', 'as', 'in'];
const DECLARATION_WORDS = ['fn', 'val', 'var', 'let', 'struct', 'class', 'enum', 'trait', 'impl'];
const MODIFIER_WORDS = ['pub', 'static', 'async', 'extern', 'export', 'unsafe', 'implements'];
const PRIMITIVE_TYPES = [
  'i8',
  'i16',
  'i32',
  'i64',
  'i128',
  'u8',
  'u16',
  'u32',
  'u64',
  'u128',
  'isize',
  'usize',
  'f16',
  'f32',
  'f64',
  'bool',
  'str',
  'char',
  'any',
  'unit',
  'ptr',
  'Int',
  'String',
  'Float',
  'Bool',
  'Dict',
  'List',
  'Nil',
];
/** A field's type: a primitive, `text`, a function type, or something that looks like a type. */
const FIELD_TYPE_START = `(?=[A-Z(\\[{]|(?:${PRIMITIVE_TYPES.join('|')}|text|fn)\\b)`;
/** Words that look like `name:` but start arms or blocks, never fields. */
const NOT_FIELD = '(?!(?:nil|true|false|self|else|case|loop|try|_)\\b)';

/** Contextual statement keywords: a keyword only as the first word of a statement. */
const STATEMENT_KEYWORDS = [
  'defer',
  'errdefer',
  'try',
  'catch',
  'throw',
  'finally',
  'panic',
  'receive',
  'after',
  'admit',
  'assume',
  'assert',
  'requires',
  'ensures',
  'invariant',
  'bind',
  'when',
];
/** SSpec test-DSL calls (ordinary functions with a trailing block): highlighted when they start a statement. */
const SPEC_BLOCKS = [
  'describe',
  'context',
  'it',
  'slow_it',
  'test',
  'feature',
  'scenario',
  'given',
  'then',
  'shared_examples',
  'it_behaves_like',
  'step',
  'skip',
];
const SPEC_HOOKS = ['before_each', 'after_each', 'before_all', 'after_all'];
/** The lexer's hard keywords: none of them can name a custom block (`name{ raw }`). */
const RESERVED_FOR_BLOCKS = [...RESERVED];

const NO_IDENT_BEFORE = '(?<![A-Za-z0-9_])';
const ESCAPE = '\\\\(?:[0-7]{1,3}|x[0-9A-Fa-f]{2}|u\\{[0-9A-Fa-f]*\\}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.|$)';
/** A `{` that opens a well-formed interpolation: something, then its `}` on the same line (one level of nesting). */
const INTERPOLATION_START = '\\{(?!\\})(?=(?:[^"{}\\n]|\\{[^"{}\\n]*\\})*\\})';
const SUFFIX = '(_[A-Za-z][A-Za-z0-9_]*)?';

/** A number with an optional type suffix (`42i32`, `3.0f32`) or unit suffix (`100_km`), as the lexer reads it. */
function numberRule(name: string, digits: string): Rule {
  return {
    match: `\\b(${digits})(?:(_[A-Za-z][A-Za-z0-9_]*)|([A-Za-z][A-Za-z0-9_]*))?`,
    captures: {
      '1': { name },
      '2': { name: 'keyword.other.unit.suffix.unit.simple' },
      '3': { name: 'keyword.other.unit.suffix.type.simple' },
    },
  };
}

function stringRule(name: string, begin: string, end: string, patterns: Rule[]): Rule {
  return {
    name,
    begin,
    beginCaptures: {
      '1': { name: 'storage.type.string.simple' },
      '2': { name: `punctuation.definition.string.begin.simple` },
    },
    end,
    endCaptures: {
      '1': { name: 'punctuation.definition.string.end.simple' },
      '2': { name: 'keyword.other.unit.suffix.string.simple' },
    },
    patterns,
  };
}

export function simpleGrammar(): Rule {
  return {
    $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
    name: 'Simple',
    scopeName: 'source.simple',
    fileTypes: ['spl'],
    firstLineMatch: '^#!.*\\bsimple\\b',
    patterns: [{ include: '#shebang' }, { include: '#statements' }],
    repository: {
      shebang: {
        name: 'comment.line.shebang.simple',
        match: '\\A(#!).*$',
        captures: { '1': { name: 'punctuation.definition.comment.simple' } },
      },
      statements: {
        patterns: [
          { include: '#attribute' },
          { include: '#directive' },
          { include: '#comment' },
          { include: '#docstring' },
          { include: '#decorator' },
          { include: '#import' },
          { include: '#from-import' },
          { include: '#module-declaration' },
          { include: '#function-declaration' },
          { include: '#method-declaration' },
          { include: '#type-declaration' },
          { include: '#impl-declaration' },
          { include: '#alias-declaration' },
          { include: '#unit-declaration' },
          { include: '#binding' },
          { include: '#field' },
          { include: '#export' },
          { include: '#statement-keyword' },
          { include: '#spec-block' },
          { include: '#expression' },
        ],
      },
      comment: {
        name: 'comment.line.number-sign.simple',
        begin: '(#)(?!\\[|!\\[)',
        beginCaptures: { '1': { name: 'punctuation.definition.comment.simple' } },
        end: '$',
        patterns: [
          {
            match: '\\G\\s*(@[A-Za-z_][A-Za-z0-9_-]*)',
            captures: { '1': { name: 'keyword.other.tag.simple' } },
          },
          { match: '\\b(?:TODO|FIXME|XXX|HACK)\\b', name: 'keyword.other.todo.simple' },
        ],
      },
      'wrong-comment': {
        // `//` and `/* */` are not comments in Simple: the server reports them; show them as errors.
        name: 'invalid.illegal.comment.simple',
        match: '//.*$|/\\*.*?(?:\\*/|$)',
      },
      directive: {
        name: 'meta.preprocessor.simple',
        begin: '^\\s*(#)(if|elif|else|endif)\\b',
        beginCaptures: {
          '0': { name: 'keyword.control.directive.simple' },
          '1': { name: 'punctuation.definition.directive.simple' },
        },
        end: '$',
        patterns: [
          { match: '\\b(?:and|or|not)\\b|&&|\\|\\||!', name: 'keyword.operator.logical.simple' },
          {
            match: `(${IDENT})\\s*(=)\\s*(${IDENT})`,
            captures: {
              '1': { name: 'variable.other.constant.directive.simple' },
              '2': { name: 'keyword.operator.assignment.simple' },
              '3': { name: 'string.unquoted.directive.simple' },
            },
          },
          { match: '\\b(?:debug|release)\\b', name: 'constant.language.directive.simple' },
          { match: IDENT, name: 'variable.other.constant.directive.simple' },
          { match: ':', name: 'punctuation.separator.colon.simple' },
          { include: '#comment' },
        ],
      },
      attribute: {
        name: 'meta.attribute.simple',
        begin: '(#!?\\[)\\s*([A-Za-z_][A-Za-z0-9_.:]*)?',
        beginCaptures: {
          '1': { name: 'punctuation.definition.attribute.begin.simple' },
          '2': { name: 'entity.other.attribute-name.simple' },
        },
        end: '\\]',
        endCaptures: { '0': { name: 'punctuation.definition.attribute.end.simple' } },
        patterns: [{ include: '#brackets-in-attribute' }, { include: '#expression' }],
      },
      'brackets-in-attribute': {
        begin: '\\[',
        end: '\\]',
        beginCaptures: { '0': { name: 'punctuation.section.brackets.begin.simple' } },
        endCaptures: { '0': { name: 'punctuation.section.brackets.end.simple' } },
        patterns: [{ include: '#expression' }],
      },
      decorator: {
        // `@name` / `@name(args)` where `@` is not a binary operator (nothing operand-like before it).
        match: `(?<![A-Za-z0-9_)\\]}"'])(@)(${IDENT}(?:\\.${IDENT})*)`,
        name: 'meta.decorator.simple',
        captures: {
          '1': { name: 'punctuation.definition.decorator.simple' },
          '2': { name: 'entity.name.function.decorator.simple' },
        },
      },
      docstring: {
        name: 'string.quoted.docstring.multi.simple',
        begin: `${STMT}([rRfFbB]{0,2})("""|''')`,
        beginCaptures: {
          '1': { name: 'storage.type.string.simple' },
          '2': { name: 'punctuation.definition.string.begin.simple' },
        },
        end: `(\\2)${SUFFIX}`,
        endCaptures: {
          '1': { name: 'punctuation.definition.string.end.simple' },
          '2': { name: 'keyword.other.unit.suffix.string.simple' },
        },
      },
      import: {
        name: 'meta.import.simple',
        begin: `${STMT}(?:(export)\\s+)?(use|import|internal_export|import_c)\\b(?!\\s*=)`,
        beginCaptures: {
          '1': { name: 'keyword.control.export.simple' },
          '2': { name: 'keyword.control.import.simple' },
        },
        end: '(?=$|#(?!\\[))',
        patterns: [{ include: '#import-body' }],
      },
      'from-import': {
        name: 'meta.import.simple',
        begin: `${STMT}(from)\\s+(?=[A-Za-z_."])`,
        beginCaptures: { '1': { name: 'keyword.control.import.simple' } },
        end: '(?=$|#(?!\\[))',
        patterns: [{ include: '#import-body' }],
      },
      export: {
        name: 'meta.export.simple',
        begin: `${STMT}(export)\\b(?!\\s*[=(.:])`,
        beginCaptures: { '1': { name: 'keyword.control.export.simple' } },
        end: '(?=$|#(?!\\[))',
        patterns: [{ include: '#import-body' }],
      },
      'import-body': {
        patterns: [
          {
            begin: '[{(]',
            beginCaptures: { '0': { name: 'punctuation.section.braces.begin.simple' } },
            end: '[})]',
            endCaptures: { '0': { name: 'punctuation.section.braces.end.simple' } },
            patterns: [{ include: '#comment' }, { include: '#import-body' }],
          },
          { match: '\\b(?:as|import|use)\\b', name: 'keyword.control.import.simple' },
          { include: '#strings' },
          { match: '\\*', name: 'keyword.operator.glob.simple' },
          {
            match: `(${IDENT}(?:-${IDENT})*)(?=\\s*(?:\\.|::|/))`,
            captures: { '1': { name: 'entity.name.namespace.simple' } },
          },
          { match: '\\.|::|/', name: 'punctuation.separator.namespace.simple' },
          { match: ',', name: 'punctuation.separator.comma.simple' },
          { match: ';', name: 'punctuation.terminator.statement.simple' },
          { include: '#type-names' },
          { match: IDENT, name: 'variable.other.import.simple' },
        ],
      },
      'module-declaration': {
        match: `${STMT}(?:(${VISIBILITY})\\s+)?(mod|friend)\\s+(${IDENT}(?:\\.${IDENT})*)`,
        captures: {
          '1': { patterns: [{ include: '#visibility' }] },
          '2': { name: 'storage.type.module.simple' },
          '3': { name: 'entity.name.namespace.simple' },
        },
      },
      visibility: {
        match: '\\b(pub|pri)\\b(?:\\s*(\\()\\s*([A-Za-z_]+)\\s*(\\)))?',
        captures: {
          '1': { name: 'storage.modifier.visibility.simple' },
          '2': { name: 'punctuation.section.parens.begin.simple' },
          '3': { name: 'storage.modifier.visibility.scope.simple' },
          '4': { name: 'punctuation.section.parens.end.simple' },
        },
      },
      modifiers: {
        patterns: [
          { include: '#visibility' },
          {
            match: '\\b(?:static|async|extern|export|unsafe|shared|kernel|const)\\b',
            name: 'storage.modifier.simple',
          },
        ],
      },
      'function-declaration': {
        name: 'meta.function.simple',
        begin: `(?:${STMT}(${MODIFIERS}))?\\b(fn)\\s+(${IDENT})\\s*(<[^()]*?>)?\\s*(?=[(=:]|$)`,
        beginCaptures: {
          '1': { patterns: [{ include: '#modifiers' }] },
          '2': { name: 'storage.type.function.simple' },
          '3': { name: 'entity.name.function.simple' },
          '4': { patterns: [{ include: '#generic-parameters' }] },
        },
        end: '(?<=\\))|(?=[=:]|$)',
        patterns: [{ include: '#parameters' }],
      },
      'method-declaration': {
        name: 'meta.function.method.simple',
        begin: `${STMT}(${MODIFIERS})(me|var\\s+fn)\\s+(${IDENT})\\s*(<[^()]*?>)?\\s*(?=\\()`,
        beginCaptures: {
          '1': { patterns: [{ include: '#modifiers' }] },
          '2': { name: 'storage.type.function.simple' },
          '3': { name: 'entity.name.function.simple' },
          '4': { patterns: [{ include: '#generic-parameters' }] },
        },
        end: '(?<=\\))|(?=[=:]|$)',
        patterns: [{ include: '#parameters' }],
      },
      'generic-parameters': {
        patterns: [
          { match: '[<>]', name: 'punctuation.definition.generic.simple' },
          { match: ',', name: 'punctuation.separator.comma.simple' },
          { match: ':', name: 'punctuation.separator.colon.simple' },
          { include: '#type-names' },
          { match: IDENT, name: 'entity.name.type.parameter.simple' },
        ],
      },
      parameters: {
        name: 'meta.function.parameters.simple',
        begin: '\\(',
        beginCaptures: { '0': { name: 'punctuation.definition.parameters.begin.simple' } },
        end: '\\)',
        endCaptures: { '0': { name: 'punctuation.definition.parameters.end.simple' } },
        patterns: [
          { include: '#comment' },
          { include: '#visibility' },
          { match: '\\b(?:val|var|me|mut)\\b(?=\\s+[A-Za-z_])', name: 'storage.modifier.simple' },
          {
            match: `\\b(${IDENT})(\\.\\.\\.)?(?=\\s*(?::(?![:=])|[,)=]|\\.\\.\\.))`,
            captures: {
              '1': { name: 'variable.parameter.simple' },
              '2': { name: 'keyword.operator.spread.simple' },
            },
          },
          { include: '#type-annotation-in-parameters' },
        ],
      },
      'type-annotation-in-parameters': {
        patterns: [
          {
            begin: '(:)(?!:)',
            beginCaptures: { '1': { name: 'punctuation.separator.annotation.simple' } },
            end: '(?=[,)=])',
            patterns: [{ include: '#type-expression' }],
          },
          {
            begin: '(=)(?!=)',
            beginCaptures: { '1': { name: 'keyword.operator.assignment.simple' } },
            end: '(?=[,)])',
            patterns: [{ include: '#expression' }],
          },
        ],
      },
      'type-expression': {
        patterns: [
          { include: '#comment' },
          {
            begin: '\\(',
            end: '\\)',
            beginCaptures: { '0': { name: 'punctuation.section.parens.begin.simple' } },
            endCaptures: { '0': { name: 'punctuation.section.parens.end.simple' } },
            patterns: [{ include: '#type-expression' }],
          },
          { match: '\\bfn\\b', name: 'storage.type.function.simple' },
          { match: '->', name: 'keyword.operator.arrow.simple' },
          { match: '[<>]', name: 'punctuation.definition.generic.simple' },
          { match: '[?|]', name: 'keyword.operator.type.simple' },
          { match: '\\[|\\]|\\{|\\}', name: 'punctuation.section.brackets.simple' },
          { match: '[,;]', name: 'punctuation.separator.comma.simple' },
          { match: ':', name: 'punctuation.separator.colon.simple' },
          { match: '\\.\\.\\.', name: 'keyword.operator.spread.simple' },
          { include: '#numbers' },
          { include: '#type-names' },
          { match: '\\btext\\b', name: 'support.type.primitive.simple' },
          { match: `${IDENT}(?=\\s*\\.)`, name: 'entity.name.namespace.simple' },
          { match: '\\.', name: 'punctuation.accessor.simple' },
          { match: IDENT, name: 'entity.name.type.simple' },
        ],
      },
      'type-declaration': {
        match: `${STMT}(${MODIFIERS})(class|struct|enum|trait|actor|bitfield|union|mixin|extend\\s+enum)\\s+(${IDENT})(\\s*<[^:]*?>)?`,
        captures: {
          '1': { patterns: [{ include: '#modifiers' }] },
          '2': { name: 'storage.type.class.simple' },
          '3': { name: 'entity.name.type.class.simple' },
          '4': { patterns: [{ include: '#generic-parameters' }] },
        },
      },
      'impl-declaration': {
        name: 'meta.impl.simple',
        begin: `${STMT}(impl)\\b(\\s*<[^:]*?>)?`,
        beginCaptures: {
          '1': { name: 'storage.type.impl.simple' },
          '2': { patterns: [{ include: '#generic-parameters' }] },
        },
        end: '(:)\\s*(?=$|#)|(?=$)',
        endCaptures: { '1': { name: 'punctuation.section.block.begin.simple' } },
        patterns: [
          { match: '\\b(?:for|where)\\b', name: 'keyword.other.simple' },
          { match: `\\G\\s*(${IDENT})`, captures: { '1': { name: 'entity.name.type.impl.simple' } } },
          { include: '#type-expression' },
        ],
      },
      'alias-declaration': {
        patterns: [
          {
            name: 'meta.type.alias.simple',
            begin: `${STMT}(${MODIFIERS})(type|alias)\\s+(${IDENT})(\\s*<[^=]*?>)?(?=\\s*=)`,
            beginCaptures: {
              '1': { patterns: [{ include: '#modifiers' }] },
              '2': { name: 'storage.type.alias.simple' },
              '3': { name: 'entity.name.type.alias.simple' },
              '4': { patterns: [{ include: '#generic-parameters' }] },
            },
            end: '$|(?=#(?!\\[))',
            patterns: [
              { match: '=', name: 'keyword.operator.assignment.simple' },
              { include: '#type-expression' },
            ],
          },
          {
            match: `${STMT}(alias)\\s+(fn)\\s+(${IDENT})`,
            captures: {
              '1': { name: 'storage.type.alias.simple' },
              '2': { name: 'storage.type.function.simple' },
              '3': { name: 'entity.name.function.simple' },
            },
          },
        ],
      },
      'unit-declaration': {
        match: `${STMT}(${MODIFIERS})(unit|newunit|composite|newtype|ce)\\s+(${IDENT})(?=\\s*[(:=<]|\\s*$)`,
        captures: {
          '1': { patterns: [{ include: '#modifiers' }] },
          '2': { name: 'storage.type.simple' },
          '3': { name: 'entity.name.type.simple' },
        },
      },
      binding: {
        begin: `(?:${STMT}(${MODIFIERS}(?:(?:mut|shared|ghost)\\s+)?))?\\b(val|var|let|const)\\s+(?:(mut)\\s+)?(${IDENT})\\b(?!\\s*\\()`,
        beginCaptures: {
          '1': {
            patterns: [
              { include: '#modifiers' },
              { match: '\\b(?:mut|ghost)\\b', name: 'storage.modifier.simple' },
            ],
          },
          '2': { name: 'storage.type.binding.simple' },
          '3': { name: 'storage.modifier.simple' },
          '4': { name: 'variable.other.definition.simple' },
        },
        end: '(?=[^\\s:])|$',
        patterns: [{ include: '#type-annotation' }],
      },
      'type-annotation': {
        begin: '(:)(?![:=])',
        beginCaptures: { '1': { name: 'punctuation.separator.annotation.simple' } },
        end: '(?==(?!=)|$|#(?!\\[))',
        patterns: [{ include: '#type-expression' }],
      },
      field: {
        begin: `${STMT}(?:(${VISIBILITY})\\s+)?(?:(val|var)\\s+)?${NOT_FIELD}(${IDENT})\\s*(?=:(?![:=])\\s*${FIELD_TYPE_START})`,
        beginCaptures: {
          '1': { patterns: [{ include: '#visibility' }] },
          '2': { name: 'storage.type.binding.simple' },
          '3': { name: 'variable.other.property.definition.simple' },
        },
        end: '(?=[^\\s:])|$',
        patterns: [{ include: '#type-annotation' }],
      },
      'return-type': {
        begin: '(?<=\\))\\s*(->)',
        beginCaptures: { '1': { name: 'keyword.operator.arrow.simple' } },
        end: '(?=:(?!:)|=(?!=)|$|#(?!\\[))',
        patterns: [{ include: '#type-expression' }],
      },
      'statement-keyword': {
        patterns: [
          {
            match: `${STMT}(${STATEMENT_KEYWORDS.join('|')})\\b(?=\\s*(?::|[^\\s=.,:)\\]}]|$))`,
            captures: { '1': { name: 'keyword.control.simple' } },
          },
          {
            match: `${STMT}(unsafe|asm(?:\\s+volatile)?)\\b(?=\\s*(?::|\\{|"|\\(|$))`,
            captures: { '1': { name: 'keyword.other.simple' } },
          },
          { match: '\\b(move)\\s*(?=\\\\)', captures: { '1': { name: 'storage.modifier.simple' } } },
        ],
      },
      'spec-block': {
        patterns: [
          {
            match: `${STMT}(${SPEC_BLOCKS.join('|')})\\b(?=\\s*(?:\\(|"|'))`,
            captures: { '1': { name: 'support.function.spec.simple' } },
          },
          {
            match: `${STMT}(let_lazy|given_lazy|context_def)\\b(?=\\s*:[A-Za-z_])`,
            captures: { '1': { name: 'support.function.spec.simple' } },
          },
          {
            match: `${STMT}(${SPEC_HOOKS.join('|')})\\s*(?=:)`,
            captures: { '1': { name: 'support.function.spec.simple' } },
          },
          {
            match: `${STMT}(expect|fail)\\b(?=\\s*[^\\s=.:,)\\]}])`,
            captures: { '1': { name: 'support.function.spec.simple' } },
          },
        ],
      },
      expression: {
        patterns: [
          { include: '#comment' },
          { include: '#strings' },
          { include: '#custom-block' },
          { include: '#numbers' },
          { include: '#lambda' },
          { include: '#anonymous-function' },
          { include: '#return-type' },
          { include: '#keywords' },
          { include: '#constants' },
          { include: '#decorator' },
          { include: '#symbol' },
          { include: '#wrong-comment' },
          { include: '#operators' },
          { include: '#punctuation' },
          { include: '#member' },
          { include: '#call' },
          { include: '#type-names' },
          { match: '\\btext\\b(?!\\s*(?::(?!:)|=(?!=)|\\(|\\.))', name: 'support.type.primitive.simple' },
          { match: IDENT, name: 'variable.other.simple' },
        ],
      },
      keywords: {
        patterns: [
          { match: words(CONTROL), name: 'keyword.control.simple' },
          { match: words(OPERATOR_WORDS), name: 'keyword.operator.word.simple' },
          { match: words(DECLARATION_WORDS), name: 'storage.type.simple' },
          { match: '\\bme\\b(?=\\s+[A-Za-z_])', name: 'storage.type.function.simple' },
          { match: words(['use', 'import']), name: 'keyword.control.import.simple' },
          { match: words(MODIFIER_WORDS), name: 'storage.modifier.simple' },
          { match: '\\b(?:asm|loss|nograd)\\b(?=\\s*[:"({])', name: 'keyword.other.simple' },
        ],
      },
      constants: {
        patterns: [
          { match: words(['true', 'false']), name: 'constant.language.boolean.simple' },
          { match: words(['nil', 'None']), name: 'constant.language.nil.simple' },
          { match: words(['Some', 'Ok', 'Err']), name: 'support.function.constructor.simple' },
          { match: '\\bself\\b', name: 'variable.language.self.simple' },
          { match: '\\bsuper\\b', name: 'variable.language.super.simple' },
          { match: '\\b_(?:[0-9]+)?\\b', name: 'variable.language.placeholder.simple' },
          {
            match: '\\b_*[A-Z][A-Z0-9]*_[A-Z0-9_]*\\b|\\b[A-Z][A-Z0-9]+\\b',
            name: 'variable.other.constant.simple',
          },
        ],
      },
      'type-names': {
        patterns: [
          { match: words(PRIMITIVE_TYPES), name: 'support.type.primitive.simple' },
          { match: '\\bSelf\\b', name: 'support.type.self.simple' },
          {
            match: '\\b_*[A-Z][A-Z0-9]*_[A-Z0-9_]*\\b|\\b[A-Z][A-Z0-9]+\\b',
            name: 'variable.other.constant.simple',
          },
          { match: '\\b_*[A-Z][A-Za-z0-9_]*\\b', name: 'entity.name.type.simple' },
        ],
      },
      numbers: {
        patterns: [
          numberRule('constant.numeric.integer.simple', '0[xX][0-9A-Fa-f_]+|0[bB][01_]+|0[oO][0-7_]+'),
          numberRule(
            'constant.numeric.float.simple',
            '[0-9](?:_?[0-9])*(?:\\.[0-9](?:_?[0-9])*(?:[eE][+-]?[0-9]+)?|[eE][+-]?[0-9]+)',
          ),
          numberRule('constant.numeric.integer.simple', '[0-9](?:_?[0-9])*'),
        ],
      },
      strings: {
        patterns: [
          { include: '#label' },
          stringRule(
            'string.quoted.triple.raw.simple',
            `${NO_IDENT_BEFORE}([rR][bB]?|[bB][rR])("""|''')`,
            `(\\2)${SUFFIX}`,
            [],
          ),
          stringRule(
            'string.quoted.triple.simple',
            `(?:${NO_IDENT_BEFORE}([fFbB]))?("""|''')`,
            `(\\2)${SUFFIX}`,
            [],
          ),
          stringRule(
            'string.quoted.double.raw.simple',
            `${NO_IDENT_BEFORE}([rR][bB]?|[bB][rR])(")`,
            `(")${SUFFIX}|(?<!\\\\)$`,
            [],
          ),
          stringRule(
            'string.quoted.single.raw.simple',
            `${NO_IDENT_BEFORE}([rR][bB]?|[bB][rR])(')`,
            `(')${SUFFIX}|(?<!\\\\)$`,
            [{ include: '#escape' }],
          ),
          stringRule(
            'string.quoted.double.simple',
            `(?:${NO_IDENT_BEFORE}([fFbB]))?(")`,
            `(")${SUFFIX}|(?<!\\\\)$`,
            [{ include: '#escape' }, { include: '#interpolation' }],
          ),
          stringRule(
            'string.quoted.single.simple',
            `(?:${NO_IDENT_BEFORE}([fFbB]))?(')`,
            `(')${SUFFIX}|(?<!\\\\)$`,
            [{ include: '#escape' }],
          ),
          {
            name: 'constant.other.atom.simple',
            match: `\`${IDENT}\`?`,
          },
        ],
      },
      label: {
        // `'name` with no closing quote later on the line is a label, not a string (as the lexer decides).
        name: 'entity.name.label.simple',
        match: `(?<![A-Za-z0-9_])'${IDENT}(?![^'\\n]*')`,
      },
      escape: {
        patterns: [
          { match: '\\{\\{|\\}\\}', name: 'constant.character.escape.brace.simple' },
          { match: ESCAPE, name: 'constant.character.escape.simple' },
        ],
      },
      interpolation: {
        name: 'meta.interpolation.simple',
        contentName: 'source.simple.embedded',
        begin: INTERPOLATION_START,
        beginCaptures: { '0': { name: 'punctuation.section.interpolation.begin.simple' } },
        end: '\\}',
        endCaptures: { '0': { name: 'punctuation.section.interpolation.end.simple' } },
        patterns: [
          {
            match: '(:)([^{}()\\[\\]":]*)(?=\\})',
            captures: {
              '1': { name: 'punctuation.separator.format.simple' },
              '2': { name: 'constant.other.format-spec.simple' },
            },
          },
          { include: '#interpolation-braces' },
          { include: '#expression' },
        ],
      },
      'interpolation-braces': {
        begin: '\\{',
        end: '\\}',
        beginCaptures: { '0': { name: 'punctuation.section.braces.begin.simple' } },
        endCaptures: { '0': { name: 'punctuation.section.braces.end.simple' } },
        patterns: [{ include: '#expression' }],
      },
      'custom-block': {
        // `name{ raw payload }`: a lowercase name that is not a keyword, directly followed by `{`.
        name: 'meta.embedded.block.custom.simple',
        begin: `\\b(?!(?:${RESERVED_FOR_BLOCKS.join('|')})\\{)([a-z][A-Za-z0-9_]*)(\\{)`,
        beginCaptures: {
          '1': { name: 'entity.name.function.custom-block.simple' },
          '2': { name: 'punctuation.section.embedded.begin.simple' },
        },
        end: '\\}',
        endCaptures: { '0': { name: 'punctuation.section.embedded.end.simple' } },
        contentName: 'string.unquoted.custom-block.simple',
        patterns: [{ include: '#custom-block-braces' }],
      },
      'custom-block-braces': {
        begin: '\\{',
        end: '\\}',
        patterns: [{ include: '#custom-block-braces' }],
      },
      lambda: {
        patterns: [
          {
            // `\x: ...`, `\a, b: ...`, `\: ...`; a `\` ending the line is a line continuation instead.
            match: `(\\\\)(?!\\s*$)\\s*(${IDENT}(?:\\s*,\\s*${IDENT})*)?\\s*(?=:)`,
            captures: {
              '1': { name: 'storage.type.function.lambda.simple' },
              '2': { patterns: [{ match: IDENT, name: 'variable.parameter.simple' }] },
            },
          },
          { match: '\\\\(?=\\s*$)', name: 'punctuation.separator.continuation.line.simple' },
          {
            match: `\\b(?!_\\b)(${IDENT})\\s*(=>)`,
            captures: {
              '1': { name: 'variable.parameter.simple' },
              '2': { name: 'storage.type.function.arrow.simple' },
            },
          },
          {
            match: `(&)(:)(${IDENT})`,
            captures: {
              '1': { name: 'keyword.operator.reference.simple' },
              '2': { name: 'punctuation.separator.colon.simple' },
              '3': { name: 'entity.name.function.simple' },
            },
          },
        ],
      },
      'anonymous-function': {
        name: 'meta.function.anonymous.simple',
        begin: '\\b(fn)\\s*(?=\\()',
        beginCaptures: { '1': { name: 'storage.type.function.simple' } },
        end: '(?<=\\))',
        patterns: [{ include: '#parameters' }],
      },
      symbol: {
        name: 'constant.other.symbol.simple',
        match: `(?<=[A-Za-z0-9_,(]\\s)(:)${IDENT}`,
        captures: { '1': { name: 'punctuation.definition.symbol.simple' } },
      },
      operators: {
        patterns: [
          { match: '\\.\\.\\.', name: 'keyword.operator.spread.simple' },
          { match: '\\.\\.=?', name: 'keyword.operator.range.simple' },
          { match: '->|=>', name: 'keyword.operator.arrow.simple' },
          { match: '\\|>|~>|<<<|>>>', name: 'keyword.operator.pipeline.simple' },
          { match: '\\?\\.|\\?\\?|\\.\\?|\\?', name: 'keyword.operator.optional.simple' },
          { match: '::', name: 'punctuation.separator.namespace.simple' },
          { match: ':=|(?:\\*\\*|[-+*/%|&^~])=|=(?![=>])', name: 'keyword.operator.assignment.simple' },
          { match: '<<|>>', name: 'keyword.operator.bitwise.simple' },
          { match: '==|!=|<=|>=|<|>', name: 'keyword.operator.comparison.simple' },
          { match: '&&|\\|\\||!', name: 'keyword.operator.logical.simple' },
          { match: '\\.[-+*/^]', name: 'keyword.operator.broadcast.simple' },
          { match: '\\*\\*|[-+*/%]', name: 'keyword.operator.arithmetic.simple' },
          { match: '[&|^~]', name: 'keyword.operator.bitwise.simple' },
          { match: '@', name: 'keyword.operator.matrix.simple' },
        ],
      },
      punctuation: {
        patterns: [
          { match: ',', name: 'punctuation.separator.comma.simple' },
          { match: ';', name: 'punctuation.terminator.statement.simple' },
          { match: ':', name: 'punctuation.separator.colon.simple' },
          { match: '\\(', name: 'punctuation.section.parens.begin.simple' },
          { match: '\\)', name: 'punctuation.section.parens.end.simple' },
          { match: '\\[', name: 'punctuation.section.brackets.begin.simple' },
          { match: '\\]', name: 'punctuation.section.brackets.end.simple' },
          { match: '\\{', name: 'punctuation.section.braces.begin.simple' },
          { match: '\\}', name: 'punctuation.section.braces.end.simple' },
        ],
      },
      member: {
        patterns: [
          {
            match: `(\\.)\\s*(${IDENT})(?=\\s*\\()`,
            captures: {
              '1': { name: 'punctuation.accessor.simple' },
              '2': { name: 'entity.name.function.member.simple' },
            },
          },
          {
            match: '(\\.)([0-9]+)\\b',
            captures: {
              '1': { name: 'punctuation.accessor.simple' },
              '2': { name: 'constant.numeric.index.simple' },
            },
          },
          {
            match: `(\\.)\\s*([a-z_][A-Za-z0-9_]*)`,
            captures: {
              '1': { name: 'punctuation.accessor.simple' },
              '2': { name: 'variable.other.property.simple' },
            },
          },
          { match: '\\.', name: 'punctuation.accessor.simple' },
        ],
      },
      call: {
        match: `\\b([a-z_][A-Za-z0-9_]*)(?=\\s*\\()`,
        captures: { '1': { name: 'entity.name.function.call.simple' } },
      },
    },
  };
}
