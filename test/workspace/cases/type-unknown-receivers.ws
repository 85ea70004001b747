=== references of a field: confirmed uses by type, an unknown receiver's use reported apart, an unrelated type's left out
--- file src/geo.spl
struct Point:
    x: i64

struct Other:
    x: i64
--- file src/main.spl
use geo.{Point, Other}

fn f(p: Point, o: Other, q) -> i64:
    p.x + o.x + q.x

fn g() -> i64:
    Point(x: 1).$0x
--- references
src/geo.spl:2:5 (declaration)
src/main.spl:4:7
src/main.spl:7:11
src/main.spl:7:17
src/main.spl:4:19 (possible: receiver of unknown type)

=== rename of a method never edits a use on a receiver of unknown type
--- file src/main.spl
class Greeter:
    fn gr$0eet() -> text:
        "hi"

fn f(g: Greeter, h) -> text:
    g.greet() + h.greet()
--- rename salute
src/main.spl:2:8-13
src/main.spl:6:7-12
src/main.spl:6:19 not renamed (receiver of unknown type)

=== a module-level function's references list no possible member uses
--- file src/main.spl
fn he$0lp() -> i64:
    1

fn f(x) -> i64:
    help() + x.help()
--- references
src/main.spl:1:4 (declaration)
src/main.spl:5:5
