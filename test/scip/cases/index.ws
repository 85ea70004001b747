=== a trait implemented in another module: relationships and imports
--- file src/shapes/shape.spl
trait Shape:
    """Anything with an area."""
    fn area() -> f64
--- file src/shapes/square.spl
use shapes.shape.{Shape}

struct Square:
    """A square of a given side."""
    side: f64

impl Shape for Square:
    fn area() -> f64:
        self.side * self.side
--- file src/main.spl
use shapes.square.{Square}

fn total(s: Square) -> f64:
    """The area of one square."""
    var sum = 0.0
    sum = sum + s.area()
    sum
--- expect
src/main.spl
0:0-0 def main/
0:11-17 import shapes/square/
0:19-25 import shapes/square/Square#
2:3-8 def main/total().
2:9-10 def local 0
2:12-18 shapes/square/Square#
4:8-11 def local 1
5:4-7 write local 1
5:10-13 read local 1
5:16-17 read local 0
5:18-22 read shapes/square/impl#[Square][Shape]area().
6:4-7 read local 1
symbol main/ Module
symbol main/total(). Function ["```simple\nfn total(s: Square) -> f64\n```","The area of one square."]
symbol local 0 Parameter ["```simple\ns: Square\n```"] enclosing main/total(). type-definition shapes/square/Square#
symbol local 1 Variable ["```simple\nvar sum = 0.0\n```"] enclosing main/total().
src/shapes/shape.spl
0:0-0 def shapes/shape/
0:6-11 def shapes/shape/Shape#
2:7-11 def shapes/shape/Shape#area().
symbol shapes/shape/ Module
symbol shapes/shape/Shape# Trait ["```simple\ntrait Shape\n```","Anything with an area."]
symbol shapes/shape/Shape#area(). Method ["```simple\nfn area() -> f64\n```"]
src/shapes/square.spl
0:0-0 def shapes/square/
0:11-16 import shapes/shape/
0:18-23 import shapes/shape/Shape#
2:7-13 def shapes/square/Square#
4:4-8 def shapes/square/Square#side.
6:0-0 def shapes/square/impl#[Square][Shape]
6:5-10 shapes/shape/Shape#
6:15-21 shapes/square/Square#
7:7-11 def shapes/square/impl#[Square][Shape]area().
8:13-17 read shapes/square/Square#side.
8:25-29 read shapes/square/Square#side.
symbol shapes/square/ Module
symbol shapes/square/Square# Struct ["```simple\nstruct Square\n```","A square of a given side."] implements shapes/shape/Shape#
symbol shapes/square/Square#side. Field ["```simple\nside: f64\n```"]
symbol shapes/square/impl#[Square][Shape] UnspecifiedKind ["```simple\nimpl Shape for Square\n```"] implements shapes/shape/Shape#
symbol shapes/square/impl#[Square][Shape]area(). Method ["```simple\nfn area() -> f64\n```"] implements shapes/shape/Shape#area().

=== duplicates and names that need escaping get distinct, valid symbols
--- file src/dup.spl
fn twice():
    pass

fn twice():
    pass

val café = 1
--- expect
src/dup.spl
0:0-0 def dup/
0:3-8 def dup/twice().
3:3-8 def dup/twice(+2).
6:4-8 def dup/`café`.
symbol dup/ Module
symbol dup/twice(). Function ["```simple\nfn twice()\n```"]
symbol dup/twice(+2). Function ["```simple\nfn twice()\n```"]
symbol dup/`café`. Variable ["```simple\nval café = 1\n```"]

=== members through expression types: a call's result, a loop variable, a list element
--- file src/geo.spl
class Point:
    x: i64
    y: i64

    fn norm() -> i64:
        self.x * self.x + self.y * self.y

class Line:
    a: Point
    b: Point

fn origin() -> Point:
    Point(x: 0, y: 0)
--- file src/main.spl
use geo.{Point, Line, origin}

fn main():
    val p = origin()
    val n = p.norm()
    val l = Line(a: p, b: origin())
    val far = l.b.x
    val ps = [p, l.a]
    for q in ps:
        q.y
    ps[0].norm()
--- expect
src/geo.spl
0:0-0 def geo/
0:6-11 def geo/Point#
1:4-5 def geo/Point#x.
2:4-5 def geo/Point#y.
4:7-11 def geo/Point#norm().
5:13-14 read geo/Point#x.
5:22-23 read geo/Point#x.
5:31-32 read geo/Point#y.
5:40-41 read geo/Point#y.
7:6-10 def geo/Line#
8:4-5 def geo/Line#a.
8:7-12 geo/Point#
9:4-5 def geo/Line#b.
9:7-12 geo/Point#
11:3-9 def geo/origin().
11:15-20 geo/Point#
12:4-9 read geo/Point#
12:10-11 read geo/Point#x.
12:16-17 read geo/Point#y.
symbol geo/ Module
symbol geo/Point# Class ["```simple\nclass Point\n```"]
symbol geo/Point#x. Field ["```simple\nx: i64\n```"]
symbol geo/Point#y. Field ["```simple\ny: i64\n```"]
symbol geo/Point#norm(). Method ["```simple\nfn norm() -> i64\n```"]
symbol geo/Line# Class ["```simple\nclass Line\n```"]
symbol geo/Line#a. Field ["```simple\na: Point\n```"] type-definition geo/Point#
symbol geo/Line#b. Field ["```simple\nb: Point\n```"] type-definition geo/Point#
symbol geo/origin(). Function ["```simple\nfn origin() -> Point\n```"]
src/main.spl
0:0-0 def main/
0:4-7 import geo/
0:9-14 import geo/Point#
0:16-20 import geo/Line#
0:22-28 import geo/origin().
2:3-7 def main/main().
3:8-9 def local 0
3:12-18 read geo/origin().
4:8-9 def local 1
4:12-13 read local 0
4:14-18 read geo/Point#norm().
5:8-9 def local 2
5:12-16 read geo/Line#
5:17-18 read geo/Line#a.
5:20-21 read local 0
5:23-24 read geo/Line#b.
5:26-32 read geo/origin().
6:8-11 def local 3
6:14-15 read local 2
6:16-17 read geo/Line#b.
6:18-19 read geo/Point#x.
7:8-10 def local 4
7:14-15 read local 0
7:17-18 read local 2
7:19-20 read geo/Line#a.
8:8-9 def local 5
8:13-15 read local 4
9:8-9 read local 5
9:10-11 read geo/Point#y.
10:4-6 read local 4
10:10-14 read geo/Point#norm().
symbol main/ Module
symbol main/main(). Function ["```simple\nfn main()\n```"]
symbol local 0 Variable ["```simple\nval p = origin()\n```"] enclosing main/main().
symbol local 1 Variable ["```simple\nval n = p.norm()\n```"] enclosing main/main().
symbol local 2 Variable ["```simple\nval l = Line(a: p, b: origin())\n```"] enclosing main/main(). type-definition geo/Line#
symbol local 3 Variable ["```simple\nval far = l.b.x\n```"] enclosing main/main().
symbol local 4 Variable ["```simple\nval ps = [p, l.a]\n```"] enclosing main/main().
symbol local 5 Variable ["```simple\nq\n```"] enclosing main/main().

