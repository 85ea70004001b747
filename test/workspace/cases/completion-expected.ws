=== an argument: what fits the parameter's type first, then the rest, each in today's order
--- file src/app/main.spl
class Point:
    x: i64
    y: i64

fn area(p: Point) -> i64:
    p.x * p.y

fn origin() -> Point:
    Point(x: 0, y: 0)

fn f(corner: Point, count: i64, mystery):
    val spot = origin()
    area($0)
--- completion
name
expected Point
corner parameter [corner: Point] (fits)
spot variable [spot: Point] (fits)
Point class [class Point] (fits)
origin function [fn origin() -> Point] (fits)
mystery parameter [mystery] (unknown)
f function [fn f(corner: Point, count: i64, mystery)] (unknown)
count parameter [count: i64] (differs)
area function [fn area(p: Point) -> i64] (differs)
keywords: true (differs) false (differs) nil (differs) not if match await

=== across files: imported functions and types rank by their declared result
--- file src/app/main.spl
use geo.{Point, make_point, distance}

fn f(count: i64):
    val target: Point = $0
--- file src/geo.spl
class Point:
    x: i64
    y: i64

fn make_point(x: i64) -> Point:
    Point(x: x, y: 0)

fn distance(a: Point, b: Point) -> i64:
    a.x - b.x
--- completion
name
expected Point
Point class [class Point] (fits)
make_point function [fn make_point(x: i64) -> Point] (fits)
f function [fn f(count: i64)] (unknown)
count parameter [count: i64] (differs)
distance function [fn distance(a: Point, b: Point) -> i64] (differs)
keywords: true (differs) false (differs) nil (differs) not if match await

=== generic substitution: the other arguments bind a function's type parameter
--- file src/app/main.spl
fn pick<T>(a: T, b: T) -> T:
    a

fn f(n: i64, word: text):
    pick(n, $0)
--- completion
name
expected i64
n parameter [n: i64] (fits)
f function [fn f(n: i64, word: text)] (unknown)
pick function [fn pick<T>(a: T, b: T) -> T] (unknown)
word parameter [word: text] (differs)
keywords: true (differs) false (differs) nil (differs) not if match await

=== generic substitution: a method of a generic class on a typed receiver
--- file src/app/main.spl
use boxes.{Box}

fn f(b: Box<text>, word: text, n: i64):
    b.put($0)
--- file src/boxes.spl
class Box<T>:
    item: T

    me put(item: T):
        self.item = item
--- completion
name
expected text
word parameter [word: text] (fits)
f function [fn f(b: Box<text>, word: text, n: i64)] (unknown)
b parameter [b: Box<text>] (differs)
n parameter [n: i64] (differs)
Box class [class Box<T>] (differs)
keywords: true (differs) false (differs) nil (differs) not if match await

=== an optional result: nil, Some and a value of the inner type fit
--- file src/app/main.spl
class Point:
    x: i64

fn find(p: Point, n: i64) -> Point?:
    return $0
--- completion all
name
expected Point?
p parameter [p: Point] (fits)
Point class [class Point] (fits)
find function [fn find(p: Point, n: i64) -> Point?] (fits)
None enumMember [Option.None] (fits)
Some enumMember [Option.Some(value)] (fits)
print function [print(value)] (unknown)
n parameter [n: i64] (differs)
Err enumMember [Result.Err(error)] (differs)
Ok enumMember [Result.Ok(value)] (differs)
keywords: true (differs) false (differs) nil (fits) not if match await

=== return inside nested blocks: the enclosing function's result
--- file src/app/main.spl
fn label(flag: bool, name: text, n: i64) -> text:
    for i in [1, 2]:
        if flag:
            return $0
    name
--- completion
name
expected text
name parameter [name: text] (fits)
label function [fn label(flag: bool, name: text, n: i64) -> text] (fits)
flag parameter [flag: bool] (differs)
i variable [i: i64] (differs)
n parameter [n: i64] (differs)
keywords: true (differs) false (differs) nil (differs) not if match await

=== the tail value of an if arm is the function's result
--- file src/app/main.spl
fn label(flag: bool, name: text, n: i64) -> text:
    if flag:
        name
    else:
        $0
--- completion
name
expected text
name parameter [name: text] (fits)
label function [fn label(flag: bool, name: text, n: i64) -> text] (fits)
flag parameter [flag: bool] (differs)
n parameter [n: i64] (differs)
keywords: fn class struct enum trait val var const use let if for while loop match return pass defer with unsafe true (differs) false (differs) nil (differs) not
snippets: fn match if ifelse for while

=== a lambda's body: the result of the function type it is passed as
--- file src/app/main.spl
fn keep(xs: [i64], test: fn(i64) -> bool) -> [i64]:
    xs

fn f(xs: [i64], ok: bool, n: i64):
    keep(xs, \x: $0)
--- completion
name
expected bool
ok parameter [ok: bool] (fits)
f function [fn f(xs: [i64], ok: bool, n: i64)] (unknown)
n parameter [n: i64] (differs)
x parameter [x] (differs)
xs parameter [xs: [i64]] (differs)
keep function [fn keep(xs: [i64], test: fn(i64) -> bool) -> [i64]] (differs)
keywords: true (fits) false (fits) nil (differs) not if match await

=== assignment to a field of self: the field's type
--- file src/app/main.spl
class Counter:
    total: i64
    name: text

    me reset(start: i64, label: text):
        self.total = $0
--- completion
name
expected i64
start parameter [start: i64] (fits)
reset method [me reset(start: i64, label: text)] (unknown)
label parameter [label: text] (differs)
Counter class [class Counter] (differs)
keywords: true (differs) false (differs) nil (differs) not if match await self

=== a named argument and a constructor field
--- file src/app/main.spl
class Point:
    x: i64
    label: text

fn make(count: i64, name: text) -> Point:
    Point(x: count, label: $0)
--- completion
name
expected text
name parameter [name: text] (fits)
count parameter [count: i64] (differs)
Point class [class Point] (differs)
make function [fn make(count: i64, name: text) -> Point] (differs)
keywords: true (differs) false (differs) nil (differs) not if match await

=== a named argument of a function
--- file src/app/main.spl
fn repeat(word: text, times: i64) -> text:
    word

fn f(n: i64, s: text):
    repeat(times: $0)
--- completion
name
expected i64
n parameter [n: i64] (fits)
f function [fn f(n: i64, s: text)] (unknown)
s parameter [s: text] (differs)
repeat function [fn repeat(word: text, times: i64) -> text] (differs)
keywords: true (differs) false (differs) nil (differs) not if match await

=== conditions expect bool
--- file src/app/main.spl
fn f(ready: bool, n: i64):
    if $0
--- completion
name
expected bool
ready parameter [ready: bool] (fits)
f function [fn f(ready: bool, n: i64)] (unknown)
n parameter [n: i64] (differs)
keywords: true (fits) false (fits) nil (differs) not if match await

=== a comparison: the other side's type
--- file src/app/main.spl
fn f(limit: i64, name: text, n: i64):
    if n < $0
--- completion
name
expected i64
limit parameter [limit: i64] (fits)
n parameter [n: i64] (fits)
f function [fn f(limit: i64, name: text, n: i64)] (unknown)
name parameter [name: text] (differs)
keywords: true (differs) false (differs) nil (differs) not if match await

=== a typed parameter's default value
--- file src/app/main.spl
val DEFAULT_NAME = "x"
val DEFAULT_SIZE = 3

fn f(size: i64 = $0):
    size
--- completion
name
expected i64
DEFAULT_SIZE variable [DEFAULT_SIZE: i64] (fits)
f function [fn f(size: i64 = )] (unknown)
DEFAULT_NAME variable [DEFAULT_NAME: text] (differs)
keywords: true (differs) false (differs) nil (differs) not if match await

=== unknown stays neutral: candidates of unknown type keep their place between fits and misfits
--- file src/app/main.spl
fn take(n: i64) -> i64:
    n

fn f(a: i64, b: text, c):
    val d = mystery_call()
    take($0)
--- completion
name
expected i64
a parameter [a: i64] (fits)
take function [fn take(n: i64) -> i64] (fits)
c parameter [c] (unknown)
d variable [val d = mystery_call()] (unknown)
f function [fn f(a: i64, b: text, c)] (unknown)
b parameter [b: text] (differs)
keywords: true (differs) false (differs) nil (differs) not if match await

=== no expected type: the list is ordered as before, without marks
--- file src/app/main.spl
fn f(a: i64, b: text):
    val c = $0
--- completion
name
a parameter [a: i64]
b parameter [b: text]
f function [fn f(a: i64, b: text)]
keywords: true false nil not if match await

=== a case pattern: the scrutinee's type (an imported enum), its variants after the dot
--- file src/app/main.spl
use colors.{Color}

fn name_of(c: Color) -> text:
    match c:
        case Color.$0:
            "x"
--- file src/colors.spl
enum Color:
    Red
    Green

    static fn parse_name(name: text) -> Color:
        Color.Red
--- completion
member
expected Color
Green enumMember [Green] (fits)
Red enumMember [Red] (fits)
parse_name method [static fn parse_name(name: text) -> Color] (fits)

=== a static method's argument across files
--- file src/app/main.spl
use geo.{Point}

fn f(xs: [Point], p: Point, n: i64, name: text):
    xs[0] = Point.scaled_by(n, $0)
--- file src/geo.spl
class Point:
    x: i64

    static fn scaled_by(k: i64, label: text) -> Point:
        Point(x: k)
--- completion
name
expected text
name parameter [name: text] (fits)
f function [fn f(xs: [Point], p: Point, n: i64, name: text)] (unknown)
n parameter [n: i64] (differs)
p parameter [p: Point] (differs)
xs parameter [xs: [Point]] (differs)
Point class [class Point] (differs)
keywords: true (differs) false (differs) nil (differs) not if match await

=== an element assigned into a list: the list's element type
--- file src/app/main.spl
use geo.{Point}

fn f(xs: [Point], p: Point, n: i64):
    xs[0] = $0
--- file src/geo.spl
class Point:
    x: i64
--- completion
name
expected Point
p parameter [p: Point] (fits)
Point class [class Point] (fits)
f function [fn f(xs: [Point], p: Point, n: i64)] (unknown)
n parameter [n: i64] (differs)
xs parameter [xs: [Point]] (differs)
keywords: true (differs) false (differs) nil (differs) not if match await

=== an expected enum of another file: its variants are offered as Enum.Variant and fit
--- file src/app/main.spl
use colors.{Color}

fn paint(c: Color):
    pass

fn f(n: i64):
    paint($0)
--- file src/colors.spl
enum Color:
    Red
    Green
    Rgb(r: i64, g: i64, b: i64)
--- completion
name
expected Color
Color enum [enum Color] (fits)
Color.Green enumMember [Green] (fits)
Color.Red enumMember [Red] (fits)
Color.Rgb enumMember [Rgb] (fits)
f function [fn f(n: i64)] (unknown)
paint function [fn paint(c: Color)] (unknown)
n parameter [n: i64] (differs)
keywords: true (differs) false (differs) nil (differs) not if match await
