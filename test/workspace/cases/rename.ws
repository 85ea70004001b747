=== rename a function across files, import lists included
--- file src/util/strings.spl
fn pa$0d(s: text) -> text:
    s
--- file src/app/main.spl
use util.strings.{pad}

fn main():
    pad("x")
--- rename fill
src/app/main.spl:1:19-22
src/app/main.spl:4:5-8
src/util/strings.spl:1:4-7
--- rename 9lives
error: '9lives' is not a valid Simple identifier
--- rename fn
error: 'fn' is a reserved word in Simple
--- rename pad
(none)

=== rename refuses a name already declared in the module
--- file src/util/strings.spl
fn pa$0d(s: text) -> text:
    s
fn trim(s: text) -> text:
    s
--- rename trim
error: 'trim' is already declared in this module (src/util/strings.spl:3)

=== rename refuses a name already bound where the symbol is used
--- file src/util/strings.spl
fn pa$0d(s: text) -> text:
    s
--- file src/app/main.spl
use util.strings.{pad}
use util.other.{fill}

fn main():
    pad("x")
--- file src/util/other.spl
fn fill():
    pass
--- rename fill
error: 'fill' is already declared or imported at the top of src/app/main.spl

=== rename a local
--- file src/a.spl
fn f(x: i64) -> i64:
    val to$0tal = x + 1
    total * 2
--- rename sum
src/a.spl:2:9-14
src/a.spl:3:5-10
--- rename x
error: 'x' is already used in src/a.spl:1

=== rename a function updates the module's export lists
--- file src/util/strings.spl
fn pa$0d(s: text) -> text:
    s
fn trim(s: text) -> text:
    s
export pad, trim
--- file src/app.spl
use util.strings.{pad}
fn f() -> text:
    pad("x")
--- rename fill
src/app.spl:1:19-22
src/app.spl:3:5-8
src/util/strings.spl:1:4-7
src/util/strings.spl:5:8-11
