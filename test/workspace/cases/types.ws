=== a generic class's method result, substituted at the use (one file)
--- file src/main.spl
class Box<T>:
    item: T
    fn get() -> T:
        self.item

struct Point:
    x: i64
    y: i64

fn f():
    val b = Box(item: Point(x: 1, y: 2))
    b.get().x$0
--- definition
src/main.spl:7:5
--- type
i64

=== a generic function over another module's type
--- file src/app/main.spl
use geo.{Point, first}

fn f(ps: [Point]):
    val p = first(ps)
    if val q = p:
        q.y$0
--- file src/geo.spl
struct Point:
    x: i64
    y: i64

fn first<T>(xs: [T]) -> T?:
    xs[0]
--- definition
src/geo.spl:3:5

=== the unwrapped value of if val is typed, the optional itself is not unwrapped
--- file src/main.spl
struct Point:
    x: i64

fn find() -> Point?:
    nil

fn f():
    val found = find()
    if val p = found:
        p$0.x
--- type
Point

=== elif val unwraps too
--- file src/main.spl
struct Point:
    x: i64

fn find() -> Point?:
    nil

fn f(flag: bool):
    if flag:
        pass
    elif val p = find():
        p.x$0
--- definition
src/main.spl:2:5

=== while val unwraps the value of each turn
--- file src/main.spl
struct Token:
    kind: text

class Lexer:
    fn next() -> Token?:
        nil

fn f(lx: Lexer):
    while val t = lx.next():
        t.kind$0
--- definition
src/main.spl:2:5
--- type
text

=== a match arm binds the payload of Some
--- file src/main.spl
struct Point:
    x: i64

fn f(o: Option<Point>):
    match o:
        case Some(p):
            p.x$0
        case nil:
            pass
--- definition
src/main.spl:2:5

=== a match arm binds an enum variant's payload declared in another file
--- file src/app/main.spl
use shapes.{Shape}

fn area(s: Shape) -> f64:
    match s:
        case Shape.Round(c):
            c.radius$0
        case _:
            0.0
--- file src/shapes.spl
struct Circle:
    radius: f64

enum Shape:
    Round(c: Circle)
    Empty
--- definition
src/shapes.spl:2:5

=== postfix ? takes the value of a Result
--- file src/main.spl
struct Config:
    name: text

fn load() -> Result<Config, text>:
    Err("no")

fn f() -> Result<text, text>:
    val c = load()?
    Ok(c.name$0)
--- definition
src/main.spl:2:5

=== for over a list of another module's type, with destructuring through enumerate
--- file src/app/main.spl
use geo.{Point}

fn f(ps: [Point]):
    for (i, p) in ps.enumerate():
        p.x$0
--- file src/geo.spl
struct Point:
    x: i64
--- definition
src/geo.spl:2:5
--- type
i64

=== for k, v over a dict
--- file src/main.spl
struct Entry:
    size: i64

fn f(d: {text: Entry}):
    for k, v in d:
        v.size$0
--- definition
src/main.spl:2:5

=== a val from a method call whose method is in an impl block in a third file
--- file src/app/main.spl
use geo.{Point}

fn f(p: Point):
    val q = p.moved(1)
    q.len$0gth()
--- file src/geo.spl
struct Point:
    x: i64
--- file src/geo_ops.spl
use geo.{Point}

impl Point:
    fn moved(dx: i64) -> Point:
        Point(x: self.x + dx)
    fn length() -> i64:
        self.x
--- definition
src/geo_ops.spl:6:8

=== self in an impl over files, through a field of a field
--- file src/geo_ops.spl
use geo.{Segment}

impl Segment:
    fn width() -> i64:
        self.end.x$0 - self.start.x
--- file src/geo.spl
struct Point:
    x: i64

struct Segment:
    start: Point
    end: Point
--- definition
src/geo.spl:2:5

=== a trait's default method through impl Trait for T
--- file src/app/main.spl
use model.{User}

fn f(u: User):
    u.describe$0()
--- file src/model.spl
use show.{Show}

struct User:
    name: text

impl Show for User:
    fn show() -> text:
        self.name
--- file src/show.spl
trait Show:
    fn show() -> text
    fn describe() -> text:
        "<" + self.show() + ">"
--- definition
src/show.spl:3:8

=== a static method's result
--- file src/app/main.spl
use geo.{Point}

fn f():
    val p = Point.origin()
    p.x$0
--- file src/geo.spl
struct Point:
    x: i64

    static fn origin() -> Point:
        Point(x: 0)
--- definition
src/geo.spl:2:5

=== an element of a list and a call's result as receivers
--- file src/main.spl
struct Node:
    kids: [Node]
    label: text

fn root() -> Node:
    Node(kids: [], label: "r")

fn f():
    root().kids[0].label$0
--- definition
src/main.spl:3:5
--- type
text

=== a lambda's parameter typed from the expected function type
--- file src/main.spl
struct Point:
    x: i64

fn f(ps: [Point]):
    val xs = ps.map(\p: p.x$0)
--- definition
src/main.spl:2:5

=== a fat-arrow lambda's parameter
--- file src/main.spl
struct Point:
    x: i64

fn f(ps: [Point]):
    val big = ps.filter(p => p.x$0 > 3)
--- definition
src/main.spl:2:5

=== the element type of a mapped list
--- file src/main.spl
struct Point:
    x: i64

fn f(ps: [Point]):
    val names = ps.map(\p: p.x)
    nam$0es
--- type
[i64]

=== a type alias
--- file src/main.spl
struct Point:
    x: i64

type Points = [Point]

fn f(ps: Points):
    ps[0].x$0
--- definition
src/main.spl:2:5

=== core type methods have a type but no place in the workspace
--- file src/main.spl
fn f(s: text):
    val parts = s.split(",")
    par$0ts
--- type
[text]

=== unknown stays unknown: a receiver from an unknown call gets no member definition
--- file src/main.spl
struct A:
    name: text

struct B:
    name: text

fn f():
    val x = mystery()
    x.name$0
--- definition
(none)
--- type
(unknown)

=== unknown stays unknown: two candidate types for one name
--- file src/app/main.spl
use a.*
use b.*

fn f(p: Point):
    p.x$0
--- file src/a.spl
struct Point:
    x: i64
--- file src/b.spl
struct Point:
    x: i64
--- type
(unknown)

=== references of a field confirmed by the receiver's type (an unrelated type's field is not one)
--- file src/app/main.spl
use geo.{Point, Other}

fn f(ps: [Point], o: Other):
    for p in ps:
        print p.x$0
    print o.x
--- file src/geo.spl
struct Point:
    x: i64

struct Other:
    x: i64
--- references
src/app/main.spl:5:17
src/geo.spl:2:5 (declaration)

=== completion after a call's result from another module
--- file src/app/main.spl
use geo.{make}

fn f():
    make().$0
--- file src/geo.spl
struct Point:
    x: i64
    y: i64

impl Point:
    fn norm() -> i64:
        self.x + self.y

fn make() -> Point:
    Point(x: 1, y: 2)
--- completion
member
norm method [fn norm() -> i64]
x field [x: i64]
y field [y: i64]

=== completion after an element of a list of text
--- file src/main.spl
fn f(names: [text]):
    names[0].st$0
--- completion
member 'st'
ends_with method [fn ends_with(suffix: text) -> bool]
is_empty method [fn is_empty() -> bool]
parse_int method [fn parse_int() -> i64?]
split method [fn split(sep: text) -> [text]]
starts_with method [fn starts_with(prefix: text) -> bool]
strip method [fn strip() -> text]
substring method [fn substring(start: i64, end: i64) -> text]
trim_start method [fn trim_start() -> text]

=== completion after a val from a method call, generic substitution included
--- file src/main.spl
class Box<T>:
    item: T
    fn get() -> T:
        self.item

struct Point:
    x: i64

fn f():
    val b = Box(item: Point(x: 1))
    val p = b.get()
    p.$0
--- completion
member
x field [x: i64]

=== self in an impl whose type the module graph cannot reach: the one type of that name in the workspace
--- file src/infer/context.spl
use somewhere.unresolved.*

impl Context:
    fn bump():
        self.level$0 = self.level + 1
--- file src/infer_types.spl
struct Context:
    level: i64
--- definition
src/infer_types.spl:2:5

=== the same with two types of that name: the one whose module the file imports
--- file src/infer/context.spl
use infer_types.*

impl Context:
    fn bump():
        self.level$0 = self.level + 1
--- file src/infer_types.spl
struct Context:
    level: i64
--- file src/other/infer_types_old.spl
struct Context:
    level: i64
--- definition
src/infer_types.spl:2:5

=== the same with two types of that name and nothing to choose by: unknown
--- file src/infer/context.spl
use somewhere.unresolved.*

impl Context:
    fn bump():
        self.level$0 = self.level + 1
--- file src/a/types.spl
struct Context:
    level: i64
--- file src/b/types.spl
struct Context:
    level: i64
--- definition
(none)

=== a core type's method declared by the standard library in the workspace (impl text)
--- file src/app/main.spl
fn f(name: text):
    name.shou$0t()
--- file src/lib/common/text_ext.spl
impl text:
    fn shout() -> text:
        self.upper() + "!"
--- definition
src/lib/common/text_ext.spl:2:8

=== type hints for inferred bindings, loop variables and lambda parameters, none where the type is written
--- file src/app/main.spl
use geo.{Point, make_all}

fn f(names: [text]):
    val ps = make_all()
    val n: i64 = 3
    for (i, p) in ps.enumerate():
        print p.x
    val xs = ps.map(\q: q.x)
    if val first = names.first():
        print first$0
    val mystery = nowhere()
--- file src/geo.spl
struct Point:
    x: i64

fn make_all() -> [Point]:
    []
--- typehints
4:11 : [Point]
6:11 : i64
6:14 : Point
8:11 : [i64]
8:23 : Point
9:17 : text

=== type definition of a local inferred from another module's function, through an optional
--- file src/app/main.spl
use geo.{find}

fn f():
    val found$0 = find()
--- file src/geo.spl
struct Point:
    x: i64

fn find() -> Point?:
    nil
--- typedefinition
src/geo.spl:1:8

=== type definition of a member of a generic type, substituted
--- file src/main.spl
class Box<T>:
    item: T

struct Point:
    x: i64

fn f(b: Box<Point>):
    b.it$0em
--- typedefinition
src/main.spl:4:8

=== rename of a field renames the uses its receiver's type confirms, not an unrelated type's field
--- file src/app/main.spl
use geo.{Point, Other, make}

fn f(o: Other):
    val p = make()
    print p.x$0 + o.x
    for q in [p]:
        print q.x
--- file src/geo.spl
struct Point:
    x: i64

struct Other:
    x: i64

fn make() -> Point:
    Point(x: 1)
--- rename width
src/app/main.spl:5:13-14
src/app/main.spl:7:17-18
src/geo.spl:2:5-6
src/geo.spl:8:11-12

=== a member Option lacks, on an optional checked for nil before: the value's member
--- file src/main.spl
struct Point:
    x: i64

fn f(o: Point?) -> i64:
    if o == nil:
        return 0
    o.x$0
--- definition
src/main.spl:2:5

=== a suffixed string literal is not text
--- file src/main.spl
fn f():
    val p = "config/app.toml"_path
    p$0
--- type
(unknown)
