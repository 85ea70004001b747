=== signature help for a function imported from another file, on an unclosed call
--- file src/app/main.spl
use net.{connect}

fn main():
    connect("example.org", $0
--- file src/net.spl
fn connect(host: text, port: i64 = 80) -> bool:
    """Opens a connection."""
    true
--- signature
fn connect(host: text, port: i64 = 80) -> bool
active: port: i64 = 80
Opens a connection.

=== signature help for a constructor of an imported class under an alias
--- file src/app/main.spl
use geo.{Point as P}

fn main():
    val p = P(1, $0
--- file src/geo.spl
class Point:
    x: i64
    y: i64
--- signature
Point(x: i64, y: i64)
active: y: i64

=== signature help for a static method of an imported type
--- file src/app/main.spl
use geo.{Point}

fn main():
    Point.origin($0
--- file src/geo.spl
class Point:
    x: i64

    static fn origin(scale: i64) -> Point:
        Point(x: 0)
--- signature
fn origin(scale: i64) -> Point
active: scale: i64

=== inlay hints name the parameters of imported functions
--- file src/app/main.spl
use net.{connect}

fn main():
    connect("example.org", 8080)$0
--- file src/net.spl
fn connect(host: text, port: i64 = 80) -> bool:
    true
--- hints
4:13 parameter host:
4:28 parameter port:

=== an imported class is coloured as a class where its use alone says nothing
--- file src/app/main.spl
use geo.{Point}

fn main():
    val origin = Poi$0nt
--- file src/geo.spl
class Point:
    x: i64
--- token
class

=== an imported deprecated function carries the deprecated modifier
--- file src/app/main.spl
use old.{legacy}

fn main():
    leg$0acy(1)
--- file src/old.spl
@deprecated
fn legacy(a: i64) -> i64:
    a
--- token
function deprecated

=== an imported enum's variant through the enum
--- file src/app/main.spl
use colors.{Color}

fn main():
    val c = Color.Gr$0een
--- file src/colors.spl
enum Color:
    Red
    Green
--- token
enumMember

=== an imported constant is read-only
--- file src/app/main.spl
use config.{port}

fn main():
    print po$0rt
--- file src/config.spl
const port = 80
--- token
variable readonly
