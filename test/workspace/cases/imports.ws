=== an imported function: definition, references, hover
--- file src/app/main.spl
use util.strings.{pad}

fn main():
    print(pa$0d("x", 3))
    print(pad("y", 4))
--- file src/util/strings.spl
"""String helpers."""

fn pad(s: text, n: i64) -> text:
    """Pads `s` to `n` characters."""
    s
--- definition
src/util/strings.spl:3:4
--- references
src/app/main.spl:1:19
src/app/main.spl:4:11
src/app/main.spl:5:11
src/util/strings.spl:3:4 (declaration)
--- hover
```simple
fn pad(s: text, n: i64) -> text
```

Pads `s` to `n` characters.

*util.strings*

=== an alias: the alias resolves to the original declaration
--- file src/app/main.spl
use util.strings.{pad as fill}

fn main():
    fi$0ll("x", 3)
--- file src/util/strings.spl
fn pad(s: text, n: i64) -> text:
    s
--- definition
src/util/strings.spl:1:4
--- references
src/app/main.spl:1:19
src/app/main.spl:1:26
src/app/main.spl:4:5
src/util/strings.spl:1:4 (declaration)

=== a re-export chain through a package __init__.spl
--- file src/app/main.spl
use inventory.{It$0em}
--- file src/inventory/__init__.spl
export use .item.{Item}
--- file src/inventory/item.spl
class Item:
    sku: text
--- definition
src/inventory/item.spl:1:7

=== export of an imported name
--- file src/app/main.spl
use api.{Thing}

fn f(t: Th$0ing):
    pass
--- file src/api.spl
use core.thing.{Thing}
export Thing
--- file src/core/thing.spl
struct Thing:
    id: i64
--- definition
src/core/thing.spl:1:8

=== a glob import provides the name
--- file src/app/main.spl
use util.math.*

fn f():
    sq$0uare(3)
--- file src/util/math.spl
fn square(x: i64) -> i64:
    x * x
--- definition
src/util/math.spl:1:4

=== a segment of a use path names the module
--- file src/app/main.spl
use util.str$0ings.{pad}
--- file src/util/strings.spl
fn pad(s: text) -> text:
    s
--- definition
src/util/strings.spl:1:1 (module)

=== a relative import
--- file src/app/sub/main.spl
use ..helpers.{he$0lp}
--- file src/app/helpers.spl
fn help():
    pass
--- definition
src/app/helpers.spl:1:4

=== numbered layer directories are transparent
--- file src/app/main.spl
use compiler.frontend.lexer.{to$0kenize}
--- file src/compiler/10.frontend/lexer.spl
fn tokenize(s: text):
    pass
--- definition
src/compiler/10.frontend/lexer.spl:1:4

=== std. imports search the stdlib families
--- file src/app/main.spl
use std.text.{tr$0im}
--- file src/lib/common/text.spl
fn trim(s: text) -> text:
    s
--- definition
src/lib/common/text.spl:1:4

=== a module imported whole, then used with a dot
--- file src/app/main.spl
use util.strings

fn f():
    strings.pa$0d("x")
--- file src/util/strings.spl
fn pad(s: text) -> text:
    s
--- definition
src/util/strings.spl:1:4
--- references
src/app/main.spl:4:13
src/util/strings.spl:1:4 (declaration)

=== an import cycle does not loop
--- file src/a.spl
use b.{Y}
export use b.{X}
fn f():
    X$0()
--- file src/b.spl
use a.{X}
export use a.{Y}
--- definition
(none)

=== a local shadows the imported name
--- file src/app/main.spl
use util.strings.{pad}

fn f(pad: i64):
    pa$0d + 1
--- file src/util/strings.spl
fn pad(s: text) -> text:
    s
--- definition
src/app/main.spl:3:6

=== unresolved imports are reported with what was tried
--- file src/app/main.spl
use util.missing.{x}
use .nothing_here
use std.io.{print}
use app.mai$0n
use totally_unknown.thing
--- file src/util/strings.spl
fn pad(s: text) -> text:
    s
--- unresolved
src/app/main.spl: Unresolved import '.nothing_here': no nothing_here.spl or package nothing_here/ (__init__.spl or mod.spl) relative to src/app/
src/app/main.spl: Unresolved import 'util.missing': no util/missing.spl or package util/missing/ (__init__.spl or mod.spl) under src/ or the workspace root

=== an item the module does not declare resolves to nothing (not to the module)
--- file src/app/main.spl
use util.strings.{Unkn$0own}
--- file src/util/strings.spl
fn pad(s: text) -> text:
    s
--- definition
(none)

=== an item that is a submodule resolves to its file
--- file src/app/main.spl
use util.{stri$0ngs}
--- file src/util/strings.spl
fn pad(s: text) -> text:
    s
--- definition
src/util/strings.spl:1:1 (module)
