=== incoming calls across files, grouped by caller
--- file src/util/strings.spl
fn pa$0d(s: text) -> text:
    s
--- file src/app/main.spl
use util.strings.{pad}

fn main():
    print(pad("x"))
    print(pad("y"))

fn other():
    val f = pad
    pad("z")
--- file src/app/report.spl
use util.strings.{pad}

class Report:
    fn line() -> text:
        pad("r")
--- incoming
line src/app/report.spl:4:8 calls at 5:9
main src/app/main.spl:3:4 calls at 4:11 5:11
other src/app/main.spl:7:4 calls at 9:5

=== outgoing calls of a function: same file, imported, methods
--- file src/app/main.spl
use util.strings.{pad}
use geo.{Point}

fn helper() -> i64:
    1

fn ma$0in():
    pad("x")
    helper()
    val p = Point(x: 1)
    p.norm()
    print("not ours")
--- file src/util/strings.spl
fn pad(s: text) -> text:
    s
--- file src/geo.spl
class Point:
    x: i64
    fn norm() -> i64:
        self.x
--- outgoing
helper src/app/main.spl:4:4 calls at 9:5
norm src/geo.spl:3:8 calls at 11:7
pad src/util/strings.spl:1:4 calls at 8:5
