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

=== rename refuses a method name an impl in another file already gives the type (found by re-resolving)
--- file src/shapes.spl
class Circle:
    r: i64
    fn ar$0ea() -> i64:
        self.r
--- file src/ext.spl
use shapes.{Circle}
impl Circle:
    fn size() -> i64:
        1
--- file src/app.spl
use shapes.{Circle}
fn f(c: Circle) -> i64:
    c.area()
--- rename size
error: renaming to 'size' would change what src/app.spl:3 refers to: it would also mean src/ext.spl:3
--- rename diameter
src/app.spl:3:7-11
src/shapes.spl:3:8-12

=== rename through a package that re-exports its child with a glob is checked against the renamed text
--- file src/util/strings.spl
fn pa$0d(s: text) -> text:
    s
--- file src/util/__init__.spl
export strings.*
--- file src/app.spl
use util.{pad}
fn f() -> text:
    pad("x")
--- rename fill
src/app.spl:1:11-14
src/app.spl:3:5-8
src/util/strings.spl:1:4-7
