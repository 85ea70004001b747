=== the unknown-member check reports a member no declaration, impl or trait of a certain type has
--- file src/geo.spl
trait Named:
    fn name() -> text:
        "thing"

struct Point with Named:
    x: i64
--- file src/geo_impl.spl
use geo.{Point}

impl Point:
    fn norm() -> i64:
        self.x
--- file src/main.spl
use geo.{Point}

fn f(p: Point, q, s: text) -> i64:
    val ps = [p]
    p.name()
    p.norm() + p.x + ps[0].y + p.$0z + q.w + s.nothing_here()
--- unknownmembers
6:28 'Point' has no member 'y'
6:34 'Point' has no member 'z'

=== a type naming a trait that does not resolve is not checked (its members are not all known)
--- file src/main.spl
use elsewhere.{Shape}

struct Box with Shape:
    w: i64

fn f(b: Box) -> f64:
    b.ar$0ea()
--- unknownmembers
(none)

=== unwrapped optionals and generic owners are checked through their value type
--- file src/main.spl
struct Point:
    x: i64

class Holder<T>:
    item: T

fn f(p: Point?, h: Holder<Point>) -> i64:
    if val q = p:
        return q.x + q.nope
    h.item.x + h.item.gone + h.missing$0
--- unknownmembers
9:24 'Point' has no member 'nope'
10:23 'Point' has no member 'gone'
10:32 'Holder<Point>' has no member 'missing'

=== Option and Result member names on a value type are not reported (an optional the engine lost)
--- file src/main.spl
struct Point:
    x: i64

fn f(p: Point) -> i64:
    p.unwrap().x + p.is_some$0() + p.absent
--- unknownmembers
5:36 'Point' has no member 'absent'
