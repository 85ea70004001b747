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

