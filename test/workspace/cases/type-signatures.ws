=== signature help for a method of a local from a call, on an unclosed call
--- file src/main.spl
class Greeter:
    name: text
    fn greet(who: text, times: i64 = 1) -> text:
        """Says hello."""
        who

fn make() -> Greeter:
    Greeter(name: "a")

fn f():
    val g = make()
    g.greet("x", $0
--- signature
fn greet(who: text, times: i64 = 1) -> text
active: times: i64 = 1
Says hello.

=== signature help substitutes a generic owner's parameter (Box<Point>)
--- file src/main.spl
struct Point:
    x: i64

class Box<T>:
    item: T
    fn put(value: T, again: bool) -> T:
        value

fn f(b: Box<Point>):
    b.put($0
--- signature
fn put(value: Point, again: bool) -> Point
active: value: Point

=== signature help for a list's method from the core types, element type substituted
--- file src/main.spl
struct Point:
    x: i64

fn f(ps: [Point]):
    ps.push($0
--- signature
fn push(item: Point)
active: item: Point

=== signature help for a static method through the type
--- file src/main.spl
class Shape:
    w: i64
    static fn square(side: i64) -> Shape:
        Shape(w: side)

fn f():
    val s = Shape.square($0
--- signature
fn square(side: i64) -> Shape
active: side: i64

=== signature help for a method of a type declared in another file, through an impl there
--- file src/shapes.spl
struct Circle:
    r: f64
--- file src/circle_impl.spl
use shapes.{Circle}

impl Circle:
    fn scaled(by: f64) -> Circle:
        Circle(r: self.r * by)
--- file src/main.spl
use shapes.{Circle}

fn f(c: Circle):
    c.scaled($0)
--- signature
fn scaled(by: f64) -> Circle
active: by: f64

=== signature help through an unwrapped optional (if val)
--- file src/main.spl
class Node:
    fn visit(depth: i64) -> bool:
        true

fn f(n: Node?):
    if val m = n:
        m.visit($0
--- signature
fn visit(depth: i64) -> bool
active: depth: i64

=== unknown stays unknown: a method on an untyped parameter gets no signature from a same-named method
--- file src/main.spl
class A:
    fn run(speed: i64):
        pass

fn f(x):
    x.run($0
--- signature
(none)

=== signature help through while val and a match arm's payload, generic owner substituted
--- file src/main.spl
struct Point:
    x: i64

class Box<T>:
    fn put(value: T) -> bool:
        true

fn f(boxes: [Box<Point>], p: Point):
    var it = boxes.first()
    while val b = it:
        match boxes.last():
            case Some(last): last.put(p)
            case nil: pass
        b.put($0
--- signature
fn put(value: Point) -> bool
active: value: Point
