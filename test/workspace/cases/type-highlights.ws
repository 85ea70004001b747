=== highlights of a field: its declaration, writes and reads on the same type, not a same-named field of another type
--- file src/main.spl
struct Point:
    x: i64

struct Other:
    x: i64

fn f(o: Other) -> i64:
    var p = Point(x: 1)
    p.x = 2
    p.x += o.x
    p.$0x
--- highlights
2:5 write
8:19 write
9:7 write
10:7 write
11:7 read

=== highlights from the declaration's own name reach accesses through inferred locals and calls
--- file src/main.spl
class Counter:
    cou$0nt: i64
    fn bump():
        self.count = self.count + 1

fn make() -> Counter:
    Counter(count: 0)

fn f():
    val c = make()
    print(c.count)
    for k in [make()]:
        print(k.count)
--- highlights
2:5 write
4:14 write
4:27 read
7:13 write
11:13 read
13:17 read

=== highlights of a method declared in an impl in another file: only the accesses in this file
--- file src/shapes.spl
struct Circle:
    r: f64
--- file src/circle_impl.spl
use shapes.{Circle}

impl Circle:
    fn area() -> f64:
        self.r * self.r
--- file src/main.spl
use shapes.{Circle}

fn f(c: Circle?, d: Circle) -> f64:
    if val x = c:
        return x.area() + d.ar$0ea()
    0.0
--- highlights
5:18 read
5:29 read

=== unknown stays unknown: a receiver of unknown type is not highlighted
--- file src/main.spl
struct Point:
    x: i64

fn f(p: Point, q) -> i64:
    q.x + p.$0x
--- highlights
2:5 write
5:13 read

=== a plain name is not a typed member (the file's rules answer)
--- file src/main.spl
fn f(a$0b: i64) -> i64:
    ab
--- highlights
1:6 write
2:5 read

=== highlights through every form of optional unwrapping (if val, elif val, while val, case Some, ?., postfix ?)
--- file src/main.spl
class Node:
    depth: i64

fn next(n: Node) -> Node?:
    nil

fn f(a: Node?, b: Node?) -> i64?:
    if val x = a:
        print(x.depth)
    elif val y = b:
        print(y.depth)
    var cur = a
    while val c = cur:
        cur = next(c)
        print(c.depth)
    match a:
        case Some(m): print(m.depth)
        case nil: pass
    print(a?.depth)
    val d = a?
    d.dep$0th
--- highlights
2:5 write
9:17 read
11:17 read
15:17 read
17:31 read
19:14 read
21:7 read
