=== import a name declared in one module: a new use line after the imports
--- file src/app/main.spl
use util.{shout}

fn main():
    shout(Poi$0nt(x: 1, y: 2))
--- file src/geo.spl
class Point:
    x: i64
    y: i64
--- file src/util.spl
fn shout(x: any):
    pass
--- actions
quickfix (preferred): Import 'Point' from geo
| use util.{shout}
| use geo.{Point}
|
| fn main():
|     shout(Point(x: 1, y: 2))

=== import extends an existing list of the same module
--- file src/app/main.spl
use geo.{Point}

fn main():
    val p = Point(x: 1, y: 2)
    dista$0nce(p, p)
--- file src/geo.spl
class Point:
    x: i64
    y: i64

fn distance(a: Point, b: Point) -> i64:
    0
--- actions
quickfix (preferred): Import 'distance' from geo
| use geo.{Point, distance}
|
| fn main():
|     val p = Point(x: 1, y: 2)
|     distance(p, p)

=== a name declared in two modules: one action each, none preferred
--- file src/app/main.spl
fn main():
    val c = Conf$0ig()
--- file src/net/settings.spl
class Config:
    port: i64
--- file src/ui/settings.spl
class Config:
    theme: text
--- actions
quickfix: Import 'Config' from net.settings
| use net.settings.{Config}
|
| fn main():
|     val c = Config()
quickfix: Import 'Config' from ui.settings
| use ui.settings.{Config}
|
| fn main():
|     val c = Config()

=== a name already provided by a glob import: nothing to do
--- file src/app/main.spl
use geo.*

fn main():
    Poi$0nt(x: 1, y: 2)
--- file src/geo.spl
class Point:
    x: i64
    y: i64
--- actions
(none)

=== a local declaration is not imported; a method of the same name elsewhere is not importable
--- file src/app/main.spl
fn main():
    val length = 3
    leng$0th + 1
--- file src/geo.spl
class Point:
    fn length() -> i64:
        0
--- actions
(none)

=== misspelled local fixed to the closest name in scope
--- file src/app/main.spl
fn total(items: [i64]) -> i64:
    var summed = 0
    for item in items:
        sumed$0 = summed + item
    summed
--- actions
quickfix: Change 'sumed' to 'summed'
| fn total(items: [i64]) -> i64:
|     var summed = 0
|     for item in items:
|         summed = summed + item
|     summed

=== misspelled name on a broken line
--- file src/app/main.spl
fn main(count: i64):
    val doubled = coutn$0 * (
--- actions
quickfix: Change 'coutn' to 'count'
| fn main(count: i64):
|     val doubled = count * (

=== two names equally close: no guess
--- file src/app/main.spl
fn main():
    val cat = 1
    val cot = 2
    cxt$0 + 1
--- actions
(none)

=== a short name is never guessed
--- file src/app/main.spl
fn main():
    val ab = 1
    ac$0 + 1
--- actions
(none)

=== a name some module declares is not a misspelling even when it is not importable from here
--- file src/app/main.spl
fn main():
    val widget = 1
    widgets$0()
--- file @other/src/w.spl
fn widgets():
    pass
--- actions
(none)

=== remove one unused import from a list, and all unused imports of the file
--- file src/app/main.spl
use geo.{Point, dist$0ance, origin}
use util.{shout}

fn main():
    origin()
--- file src/geo.spl
class Point:
    x: i64

fn distance() -> i64:
    0

fn origin() -> i64:
    0
--- file src/util.spl
fn shout():
    pass
--- actions
quickfix (preferred): Remove unused import 'distance' [unused-import 1:17]
| use geo.{Point, origin}
| use util.{shout}
|
| fn main():
|     origin()
quickfix: Remove all unused imports [unused-import 1:10, unused-import 1:17, unused-import 2:11]
| use geo.{origin}
|
| fn main():
|     origin()

=== the last item of a list takes its use line with it
--- file src/app/main.spl
use util.{sho$0ut}

fn main():
    pass
--- file src/util.spl
fn shout():
    pass
--- actions
quickfix (preferred): Remove unused import 'shout' [unused-import 1:11]
| fn main():
|     pass

=== multi-line list: the item's line goes, the others keep their layout
--- file src/app/main.spl
use geo.{
    Point,
    dist$0ance,
    origin,
}

fn main(p: Point):
    origin()
--- file src/geo.spl
class Point:
    x: i64

fn distance() -> i64:
    0

fn origin() -> i64:
    0
--- actions
quickfix (preferred): Remove unused import 'distance' [unused-import 3:5]
| use geo.{
|     Point,
|     origin,
| }
|
| fn main(p: Point):
|     origin()

=== organize: items sorted, duplicates dropped, other lists untouched
--- file src/app/main.spl
use geo.{origin, Point, distance, Point}
use util.{shout, $0alpha}
use std.spec.*

fn main(p: Point):
    origin()
    distance()
    shout()
    alpha()
--- file src/geo.spl
class Point:
    x: i64

fn distance() -> i64:
    0

fn origin() -> i64:
    0
--- file src/util.spl
fn shout():
    pass

fn alpha():
    pass
--- actions
source.organizeImports: Organize imports
| use geo.{Point, distance, origin}
| use util.{alpha, shout}
| use std.spec.*
|
| fn main(p: Point):
|     origin()
|     distance()
|     shout()
|     alpha()

=== organize a multi-line list keeps one item per line
--- file src/app/main.spl
use geo.{
    origin,
    Point as P,
    distance,
}
$0
fn main(p: P):
    origin()
    distance()
--- file src/geo.spl
class Point:
    x: i64

fn distance() -> i64:
    0

fn origin() -> i64:
    0
--- actions
source.organizeImports: Organize imports
| use geo.{
|     Point as P,
|     distance,
|     origin,
| }
|
| fn main(p: P):
|     origin()
|     distance()

=== a list with a comment inside is not reordered
--- file src/app/main.spl
use geo.{
    origin,  # the start
    distance,
}
$0
fn main():
    origin()
    distance()
--- file src/geo.spl
fn distance() -> i64:
    0

fn origin() -> i64:
    0
--- actions
(none)

=== organize orders constants, then types, then functions
--- file src/app/main.spl
use geo.{origin, MAX_X, Point, Area, $0distance, E}

fn main(p: Point, a: Area):
    origin(MAX_X, E)
    distance()
--- file src/geo.spl
val MAX_X = 10
val E = 2
class Point:
    x: i64
class Area:
    w: i64
fn distance() -> i64:
    0
fn origin(a: i64, b: i64) -> i64:
    0
--- actions
source.organizeImports: Organize imports
| use geo.{MAX_X, Area, E, Point, distance, origin}
|
| fn main(p: Point, a: Area):
|     origin(MAX_X, E)
|     distance()

=== parenthesised list: removing the first item takes the separator after it
--- file src/app/main.spl
use util (sho$0ut, alpha)

fn main():
    alpha()
--- file src/util.spl
fn shout():
    pass

fn alpha():
    pass
--- actions
quickfix (preferred): Remove unused import 'shout' [unused-import 1:11]
| use util (alpha)
|
| fn main():
|     alpha()
source.organizeImports: Organize imports
| use util (alpha, shout)
|
| fn main():
|     alpha()

=== an aliased item is removed whole
--- file src/app/main.spl
use util.{alpha, shout as yell$0}

fn main():
    alpha()
--- file src/util.spl
fn shout():
    pass

fn alpha():
    pass
--- actions
quickfix (preferred): Remove unused import 'yell' [unused-import 1:18]
| use util.{alpha}
|
| fn main():
|     alpha()

=== broken code below the imports: unused import and missing type import still work
--- file src/app/main.spl
use util.{shout}

fn main(p: Poi$0nt) -> :
    val x = (p.x +
--- file src/geo.spl
class Point:
    x: i64
--- file src/util.spl
fn shout():
    pass
--- actions
quickfix (preferred): Import 'Point' from geo
| use util.{shout}
| use geo.{Point}
|
| fn main(p: Point) -> :
|     val x = (p.x +

=== an unclosed list being typed is not reordered
--- file src/app/main.spl
use util.{shout, al$0pha

fn main():
    shout()
--- file src/util.spl
fn shout():
    pass

fn alpha():
    pass
--- actions
quickfix (preferred): Remove unused import 'alpha' [unused-import 1:18]
| use util.{shout
|
| fn main():
|     shout()

=== a type name is imported only from a module declaring a type of that name
--- file src/app/main.spl
fn f(s: Sha$0pe):
    pass
--- file src/shapes.spl
class Shape:
    sides: i64
--- file src/draw.spl
fn Shape() -> i64:
    0
--- actions
quickfix (preferred): Import 'Shape' from shapes
| use shapes.{Shape}
|
| fn f(s: Shape):
|     pass

=== a misspelled imported name the module does not have: fixed in the list and at its uses
--- file src/app/main.spl
use geo.{origin, Pon$0t}

fn main(p: Pont) -> Pont:
    origin()
    Pont(x: 1)
--- file src/geo.spl
class Point:
    x: i64

fn origin() -> i64:
    0
--- actions
quickfix (preferred): Change 'Pont' to 'Point' [missing-import-name 1:18]
| use geo.{origin, Point}
|
| fn main(p: Point) -> Point:
|     origin()
|     Point(x: 1)
source.organizeImports: Organize imports
| use geo.{Pont, origin}
|
| fn main(p: Pont) -> Pont:
|     origin()
|     Pont(x: 1)

=== a misspelled imported name with an alias: only the item changes
--- file src/app/main.spl
use geo.{Po$0nt as P}

fn main(p: P):
    pass
--- file src/geo.spl
class Point:
    x: i64
--- actions
quickfix (preferred): Change 'Pont' to 'Point' [missing-import-name 1:10]
| use geo.{Point as P}
|
| fn main(p: P):
|     pass

=== a misspelled type name fixed to a type in scope
--- file src/app/main.spl
class Rectangle:
    w: i64

fn area(r: Rectangel$0) -> i64:
    r.w
--- actions
quickfix: Change 'Rectangel' to 'Rectangle'
| class Rectangle:
|     w: i64
|
| fn area(r: Rectangle) -> i64:
|     r.w

=== a misspelled name a glob import provides competes with the names in scope
--- file src/app/main.spl
use geo.*

fn main():
    val pointer = 1
    Pointt$0(x: pointer)
--- file src/geo.spl
class Point:
    x: i64
--- actions
quickfix: Change 'Pointt' to 'Point'
| use geo.*
|
| fn main():
|     val pointer = 1
|     Point(x: pointer)

=== a glob name and a local equally close: no guess
--- file src/app/main.spl
use geo.*

fn main():
    val Painr = 1
    Paint$0(x: Painr)
--- file src/geo.spl
class Pain:
    x: i64
--- actions
(none)
