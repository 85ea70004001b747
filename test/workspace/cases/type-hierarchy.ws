=== supertypes of a class: a trait in its header and one through an impl in another file
--- file src/traits.spl
trait Shape:
    fn area() -> f64

trait Named:
    fn name() -> text
--- file src/circle.spl
use traits.{Shape, Named}

class Circ$0le with Shape:
    r: f64
    fn area() -> f64:
        self.r
--- file src/circle_named.spl
use traits.{Named}
use circle.{Circle}

impl Named for Circle:
    fn name() -> text:
        "circle"
--- supertypes
src/circle.spl:3:7:
  src/traits.spl:1:7
  src/traits.spl:4:7

=== subtypes of a trait: a header `with`, impl blocks over files, not a same-named trait elsewhere
--- file src/traits.spl
trait Sha$0pe:
    fn area() -> f64
--- file src/other.spl
trait Shape:
    fn area() -> f64

struct Decoy with Shape:
    x: i64
--- file src/circle.spl
use traits.{Shape}

class Circle with Shape:
    r: f64
--- file src/square.spl
struct Square:
    side: f64
--- file src/square_impl.spl
use traits.{Shape}
use square.{Square}

impl Shape for Square:
    fn area() -> f64:
        self.side * self.side
--- file src/enum_impl.spl
use traits.{Shape}

enum Kind:
    Small
    Large

impl Shape for Kind:
    fn area() -> f64:
        0.0
--- subtypes
src/traits.spl:1:7:
  src/circle.spl:3:7
  src/enum_impl.spl:3:6
  src/square.spl:1:8

=== the hierarchy from a use of the type name, not only its declaration
--- file src/traits.spl
trait Shape:
    fn area() -> f64
--- file src/main.spl
use traits.{Shape}

struct Dot with Shape:
    x: i64

fn f(s: Sha$0pe):
    pass
--- subtypes
src/traits.spl:1:7:
  src/main.spl:3:8

=== a struct implements nothing and has no subtypes; a function is no type
--- file src/main.spl
struct Po$0int:
    x: i64
--- supertypes
src/main.spl:1:8:
  (none)
--- subtypes
src/main.spl:1:8:
  (none)

=== unknown stays unknown: a trait name meaning two traits is no supertype
--- file src/a.spl
trait Shape:
    fn area() -> f64
--- file src/b.spl
trait Shape:
    fn size() -> i64
--- file src/main.spl
use a.*
use b.*

class Bo$0x with Shape:
    w: i64
--- supertypes
src/main.spl:4:7:
  (none)
