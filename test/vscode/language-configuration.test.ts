// language-configuration.json's regexes do what they claim, checked with plain JS RegExp (VS Code
// compiles them the same way): Enter after a block header indents, after return/pass/break/continue
// it dedents, `else:`/`elif` lines dedent themselves, and comments and strings do not fool the rules.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const conf = JSON.parse(
  fs.readFileSync(path.join(ROOT, 'client-vscode', 'language-configuration.json'), 'utf8'),
);
const rules: { beforeText: string; afterText?: string; action: { indent: string; appendText?: string } }[] =
  conf.onEnterRules;

/** The action VS Code takes on Enter at the end of `line` (the first rule that matches), or 'none'. */
function onEnter(line: string, after = ''): string {
  for (const r of rules) {
    if (!new RegExp(r.beforeText).test(line)) continue;
    if (r.afterText !== undefined && !new RegExp(r.afterText).test(after)) continue;
    return r.action.appendText ? `${r.action.indent}+${r.action.appendText}` : r.action.indent;
  }
  return 'none';
}

function check(line: string, expected: string, after = ''): void {
  it(`${JSON.stringify(line)}${after ? ` | ${JSON.stringify(after)}` : ''} → ${expected}`, () => {
    assert.equal(onEnter(line, after), expected);
  });
}

describe('vscode: language configuration', () => {
  describe('onEnter', () => {
    check('fn add(a: i64, b: i64) -> i64:', 'indent');
    check('    if x > 0:', 'indent');
    check('class Point:  # a comment', 'indent');
    check('describe "Parser: errors":', 'indent');
    check("    it 'handles a: colon':", 'indent');
    check('val d = {"a:": 1}', 'none');
    check('val s = "ends with colon:"', 'none');
    check('x = 1  # note:', 'none');
    check('    return a + b', 'outdent');
    check('        pass', 'outdent');
    check('    break', 'outdent');
    check('    continue', 'outdent');
    check('    pass_todo', 'outdent');
    check('    returned = 3', 'none');
    check('    passing = True', 'none');
    check('val x = 1', 'none');
    check('# a comment', 'none+# ', 'continues here');
    check('# a comment', 'none');
    check('#[allow(x)]', 'none', 'fn f():');
    check('#if linux', 'none', 'x');
  });

  describe('indentation rules', () => {
    const inc = new RegExp(conf.indentationRules.increaseIndentPattern);
    const dec = new RegExp(conf.indentationRules.decreaseIndentPattern);
    it('a header ending in ":" increases the indent; a colon inside a string or comment does not', () => {
      assert.ok(inc.test('while val v = next():'));
      assert.ok(inc.test('    else:'));
      assert.ok(!inc.test('print "a:"'));
      assert.ok(!inc.test('x = 1 # a:'));
    });
    it('else, elif and case lines decrease their own indent', () => {
      for (const l of ['    else:', '  elif x > 1:', '    case 2:']) assert.ok(dec.test(l), l);
      for (const l of ['    elsewhere = 1', '    x = 1', '    casework()']) assert.ok(!dec.test(l), l);
    });
  });

  it('folds by indentation and comments with #', () => {
    assert.equal(conf.folding.offSide, true);
    assert.equal(conf.comments.lineComment, '#');
    assert.ok(new RegExp(conf.folding.markers.start).test('#if linux'));
    assert.ok(new RegExp(conf.folding.markers.end).test('#endif'));
  });

  it('auto-closes quotes and triple quotes outside strings and comments', () => {
    const pairs = conf.autoClosingPairs.map((p: { open: string; close: string }) => p.open + p.close);
    for (const p of ['""', "''", '""""""', "''''''", '()', '[]', '{}']) assert.ok(pairs.includes(p), p);
  });
});
