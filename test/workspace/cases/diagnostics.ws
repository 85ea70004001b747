=== an imported name the module does not provide, an unused import, a deprecated import used
--- file src/app/main.spl
$0use geo.{Point, Pointt, distance, old_norm}

fn main():
    val p = Point(x: 1)
    old_norm(p)
--- file src/geo.spl
class Point:
    x: i64
fn distance(a: Point, b: Point) -> i64:
    0
@deprecated
fn old_norm(p: Point) -> i64:
    p.x
--- diagnostics
1:17 hint unused-import (unnecessary): 'Pointt' is imported but never used
1:17 error missing-import-name: Module 'geo' has no 'Pointt'
1:25 hint unused-import (unnecessary): 'distance' is imported but never used
5:5 hint deprecated (deprecated): 'old_norm' is deprecated

=== names a module re-exports, or whose re-exports cannot be followed, are not reported
--- file src/app/main.spl
$0use api.{Point, Missing}
use shaky.{Anything}

fn main():
    print Point, Missing, Anything
--- file src/api/__init__.spl
export use geo.{Point}
--- file src/geo.spl
class Point:
    x: i64
--- file src/shaky.spl
export use nowhere.*
--- diagnostics
1:17 error missing-import-name: Module 'api' has no 'Missing'

=== a module with syntax errors, a submodule item and a name that appears in the text stay quiet
--- file src/app/main.spl
$0use broken.{Thing}
use pkg.{child}
use odd.{made_by_macro}

fn main():
    print Thing, child, made_by_macro
--- file src/broken.spl
fn f(:
--- file src/pkg/__init__.spl
val VERSION = 1
--- file src/pkg/child.spl
fn c(): pass
--- file src/odd.spl
generate_fn made_by_macro
--- diagnostics
(none)

=== duplicate declarations in one scope; overloads by arity and conditional branches are not duplicates
--- file src/app/main.spl
$0class Point:
    x: i64
    x: i64

fn area(a: i64) -> i64:
    a
fn area(a: i64, b: i64) -> i64:
    a * b
fn area(b: i64) -> i64:
    b

when linux:
    fn sep() -> text: "/"
when windows:
    fn sep() -> text: "\\"
--- diagnostics
3:5 error duplicate-declaration: field 'x' is already declared on line 2
9:4 error duplicate-declaration: function 'area' is already declared on line 5

=== unused imports: uses in types, patterns, decorators, interpolations and aliases count; package files are skipped
--- file src/app/main.spl
$0use lib.{Tree, Pat, Dec, Shown, Kind as K, unused_one}

@Dec
fn f(t: Option<Tree>, k: K):
    match t:
        case Pat(x): print "{Shown}"
--- file src/lib.spl
class Tree:
    v: i64
fn Pat(x: i64) -> i64:
    x
fn Dec(): pass
val Shown = 1
enum Kind:
    A
fn unused_one(): pass
--- diagnostics
1:44 hint unused-import (unnecessary): 'unused_one' is imported but never used
