=== Type.member of a type declared in another file
--- file src/app/main.spl
use geo.{Point}

fn f():
    Point.orig$0in()
--- file src/geo.spl
class Point:
    x: i64
    y: i64

    static fn origin() -> Point:
        Point(x: 0, y: 0)
--- definition
src/geo.spl:5:15

=== a typed parameter's field
--- file src/app/main.spl
use geo.{Point}

fn norm(p: Point) -> i64:
    p.x$0 * p.x
--- file src/geo.spl
class Point:
    x: i64
    y: i64
--- definition
src/geo.spl:2:5
--- references
src/app/main.spl:4:7
src/app/main.spl:4:13
src/geo.spl:2:5 (declaration)

=== a method in an impl block in a third file
--- file src/app/main.spl
use geo.{Point}

fn f():
    val p = Point(x: 1, y: 2)
    p.len$0gth()
--- file src/geo.spl
class Point:
    x: i64
    y: i64
--- file src/geo_ops.spl
use geo.{Point}

impl Point:
    fn length() -> i64:
        self.x + self.y
--- definition
src/geo_ops.spl:4:8

=== self.field inside an impl of a type declared elsewhere
--- file src/geo_ops.spl
use geo.{Point}

impl Point:
    fn length() -> i64:
        self.x$0 + self.y
--- file src/geo.spl
class Point:
    x: i64
    y: i64
--- definition
src/geo.spl:2:5

=== an enum variant from another module
--- file src/app/main.spl
use colors.{Color}

fn f() -> Color:
    Color.Gr$0een
--- file src/colors.spl
enum Color:
    Red
    Green
    Blue
--- definition
src/colors.spl:3:5
--- hover
```simple
Green
```

*Color in colors*

=== trait implementations across files
--- file src/show.spl
trait Sh$0ow:
    fn show() -> text
--- file src/a.spl
use show.{Show}
class A:
    v: i64
impl Show for A:
    fn show() -> text:
        "a"
--- file src/b.spl
use show.{Show}
struct B:
    w: i64
impl Show for B:
    fn show() -> text:
        "b"
--- implementation
src/a.spl:4:1
src/b.spl:4:1

=== a trait method's implementations
--- file src/show.spl
trait Show:
    fn sh$0ow() -> text
--- file src/a.spl
use show.{Show}
class A:
    v: i64
impl Show for A:
    fn show() -> text:
        "a"
--- implementation
src/a.spl:5:8
