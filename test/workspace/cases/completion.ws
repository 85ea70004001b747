=== names in scope on a broken line: locals, parameters, loop variables, module declarations
--- file src/app/main.spl
val LIMIT = 10

fn total(items: [i64], start: i64) -> i64:
    var sum = start
    for item in items:
        sum = sum + it$0
    sum

fn later_helper() -> i64:
    0
--- completion
name 'it'
item variable [item]
items parameter [items: [i64]]
LIMIT variable [val LIMIT = 10]
keywords: await

=== a value declared after the cursor and the one being written are not offered
--- file src/app/main.spl
fn f(alpha: i64):
    val beta = al$0
    val after = 2
--- completion
name 'al'
alpha parameter [alpha: i64]
keywords: false

=== members of an imported type through a typed parameter, right after the dot
--- file src/app/main.spl
use geo.{Point}

fn norm(p: Point) -> i64:
    p.$0
--- file src/geo.spl
class Point:
    """A point on the plane."""
    x: i64
    y: i64

    fn length() -> i64:
        self.x + self.y

    static fn origin() -> Point:
        Point(x: 0, y: 0)
--- file src/geo_ops.spl
use geo.{Point}

impl Point:
    fn scaled(k: i64) -> Point:
        Point(x: self.x * k, y: self.y * k)
--- completion
member
expected i64
length method [fn length() -> i64] (fits)
x field [x: i64] (fits)
y field [y: i64] (fits)
scaled method [fn scaled(k: i64) -> Point] (differs)
origin method [static fn origin() -> Point] (differs)

=== variants and static methods of an imported enum after Type.
--- file src/app/main.spl
use colors.{Color}

fn f() -> Color:
    Color.G$0
--- file src/colors.spl
enum Color:
    Red
    Green
    Blue

    static fn parse_name(name: text) -> Color:
        Color.Red
--- completion
member 'G'
expected Color
Green enumMember [Green] (fits)

=== members of a module through its alias
--- file src/app/main.spl
import util.strings as s

fn f():
    s.$0
--- file src/util/strings.spl
fn shout(x: text) -> text:
    x
val SEPARATOR = ", "
class Builder:
    parts: [text]
--- completion
member
Builder class [class Builder]
SEPARATOR variable [val SEPARATOR = ", "]
shout function [fn shout(x: text) -> text]

=== module path segments after use: layer directories, packages, files
--- file src/app/main.spl
use compiler.$0
--- file src/compiler/10.frontend/parser.spl
fn parse_all(): pass
--- file src/compiler/20.hir/__init__.spl
fn lower(): pass
--- file src/compiler/driver.spl
fn run(): pass
--- completion
import-path
driver module [src/compiler/driver.spl]
frontend folder [src/compiler/10.frontend]
hir folder [src/compiler/20.hir]

=== first segment of a use: std, src directories and root files
--- file src/app/main.spl
use $0
--- file src/lib/common/text/pad.spl
fn pad(): pass
--- file src/util/strings.spl
fn shout(): pass
--- completion
import-path
app folder [src/app]
common folder [src/lib/common]
lib folder [src/lib]
src folder [src]
std folder [src/lib]
util folder [src/util]

=== std segments across the library families
--- file src/app/main.spl
use std.te$0
--- file src/lib/common/text/pad.spl
fn pad(): pass
--- file src/lib/nogc_sync_mut/term.spl
fn clear(): pass
--- completion
import-path 'te'
term module [src/lib/nogc_sync_mut/term.spl]
text folder [src/lib/common/text]

=== exported names inside an unclosed import list, without the ones already listed
--- file src/app/main.spl
use geo.{Point, $0
fn f(): pass
--- file src/geo.spl
class Point:
    x: i64
fn distance(a: Point, b: Point) -> i64:
    0
val ORIGIN = Point(x: 0)
--- completion
import-items
ORIGIN variable [val ORIGIN = Point(x: 0)]
distance function [fn distance(a: Point, b: Point) -> i64]

=== imported names show what they are in their module
--- file src/app/main.spl
use geo.{Point, distance as dist}

fn f():
    d$0
--- file src/geo.spl
class Point:
    x: i64
fn distance(a: Point, b: Point) -> i64:
    0
--- completion
name 'd'
dist function [fn distance(a: Point, b: Point) -> i64]
keywords: defer

=== names a glob import provides
--- file src/app/main.spl
use geo.*

fn f():
    val p = Po$0
--- file src/geo.spl
class Point:
    x: i64
fn point_of(x: i64) -> Point:
    Point(x: x)
--- completion
name 'Po'
Point class [class Point]
point_of function [fn point_of(x: i64) -> Point]

=== auto-import adds a use line after the existing imports
--- file src/app/main.spl
use util.strings.{shout}

fn f():
    val p = Poi$0
--- file src/geo.spl
class Point:
    x: i64
--- file src/util/strings.spl
fn shout(x: text) -> text:
    x
--- completion
name 'Poi'
Point class [geo] + 24-24 "\nuse geo.{Point}"

=== auto-import extends an existing import list of the module
--- file src/app/main.spl
use geo.{Point}

fn f():
    dista$0
--- file src/geo.spl
class Point:
    x: i64
fn distance(a: Point, b: Point) -> i64:
    0
--- completion
name 'dista'
distance function [geo] + 14-14 ", distance"

=== auto-import into a file without imports goes below the module docstring
--- file src/app/main.spl
"""The main module."""

fn f():
    shou$0
--- file src/util/strings.spl
fn shout(x: text) -> text:
    x
--- completion
name 'shou'
shout function [util.strings] + 22-22 "\n\nuse util.strings.{shout}"

=== self. inside an impl of a type declared in another file
--- file src/geo_ops.spl
use geo.{Point}

impl Point:
    fn double() -> Point:
        self.$0
--- file src/geo.spl
class Point:
    x: i64
    y: i64
--- completion
member
expected Point
double method [fn double() -> Point] (fits)
x field [x: i64] (differs)
y field [y: i64] (differs)

=== a type annotation offers types only
--- file src/app/main.spl
use geo.{Point, distance}

fn f(a: P$0
--- file src/geo.spl
class Point:
    x: i64
fn distance(a: Point, b: Point) -> i64:
    0
--- completion
name 'P'
Point class [class Point]

=== keywords of a class body
--- file src/app/main.spl
class Counter:
    value: i64
    st$0
--- completion
name 'st'
keywords: static const

=== deprecated declarations are marked
--- file src/app/main.spl
use old.{legacy_sum}

fn f():
    legacy$0
--- file src/old.spl
@deprecated
fn legacy_sum(a: i64) -> i64:
    a
--- completion
name 'legacy'
legacy_sum function [fn legacy_sum(a: i64) -> i64] deprecated

=== nothing inside a plain string
--- file src/app/main.spl
fn f():
    print "na$0me"
--- completion
(none)

=== in a match body: case and patterns
--- file src/app/main.spl
use colors.{Color}

fn f(c: Color):
    match c:
        ca$0
--- file src/colors.spl
enum Color:
    Red
--- completion
name 'ca'
keywords: case
snippets: case

=== nothing inside a comment
--- file src/app/main.spl
fn f():
    pass # see na$0
--- completion
(none)

=== elif and else after an if, break inside a loop
--- file src/app/main.spl
fn f(x: i64):
    while x > 0:
        if x == 1:
            pass
        el$0
--- completion
name 'el'
keywords: elif else
snippets: ifelse

=== test blocks inside describe
--- file test/app/main_spec.spl
describe "main":
    i$0
--- completion
name 'i'
keywords: trait if while with nil
snippets: it describe if

=== relative module paths
--- file src/app/main.spl
use .$0
--- file src/app/config.spl
val PORT = 80
--- file src/app/net/__init__.spl
fn connect(): pass
--- completion
import-path
config module [src/app/config.spl]
net folder [src/app/net]

=== members of a value built by a constructor of an imported class
--- file src/app/main.spl
use geo.{Point}

fn main(count: i64):
    val p = Point(x: 1, y: 2)
    p.$0

fn later():
    pass
--- file src/geo.spl
class Point:
    x: i64
--- completion
member
x field [x: i64]

=== a name re-exported with `use` then `export` is offered inside the import list
--- file src/app/main.spl
use shapes.{$0
fn f(): pass
--- file src/shapes/__init__.spl
use shapes.circle.{Circle}
export Circle
fn area() -> i64:
    0
--- file src/shapes/circle.spl
class Circle:
    r: i64
--- completion
import-items
Circle class [class Circle]
area function [fn area() -> i64]
