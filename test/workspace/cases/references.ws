=== the same name in two modules is not confused
--- file src/app/main.spl
use util.a.{make}

fn f():
    ma$0ke()
--- file src/app/other.spl
use util.b.{make}

fn g():
    make()
--- file src/util/a.spl
fn make():
    pass
--- file src/util/b.spl
fn make():
    pass
--- references
src/app/main.spl:1:13
src/app/main.spl:4:5
src/util/a.spl:1:4 (declaration)

=== references of a class across files, import lists included
--- file src/inventory/item.spl
class It$0em:
    sku: text
--- file src/inventory/stock.spl
use .item.{Item}

fn first(items: [Item]) -> Item:
    items[0]
--- file src/report.spl
use inventory.item.{Item}
# Item in a comment is not a reference
fn show(i: Item) -> text:
    "Item {i.sku}"
--- references
src/inventory/item.spl:1:7 (declaration)
src/inventory/stock.spl:1:12
src/inventory/stock.spl:3:18
src/inventory/stock.spl:3:28
src/report.spl:1:21
src/report.spl:3:12

=== a parameter's references stay in its function
--- file src/a.spl
fn f(cou$0nt: i64) -> i64:
    count + count
fn g(count: i64) -> i64:
    count
--- references
src/a.spl:1:6 (declaration)
src/a.spl:2:5
src/a.spl:2:13

=== references through a package that re-exports (and glob and whole-module imports)
--- file src/inventory/item.spl
class It$0em:
    sku: text
--- file src/inventory/__init__.spl
export use .item.{Item}
--- file src/app/main.spl
use inventory.{Item}

fn f(i: Item):
    pass
--- file src/app/globbed.spl
use inventory.item.*

fn g(i: Item):
    pass
--- file src/app/whole.spl
use inventory.item

fn h():
    item.Item()
--- file src/app/unrelated.spl
fn Item():
    pass
--- references
src/app/globbed.spl:3:9
src/app/main.spl:1:16
src/app/main.spl:3:9
src/app/whole.spl:4:10
src/inventory/__init__.spl:1:19
src/inventory/item.spl:1:7 (declaration)

=== references through a package that exports a child module (export item.*)
--- file src/inventory/item.spl
class It$0em:
    sku: text
--- file src/inventory/__init__.spl
export item.*
--- file src/app/main.spl
use inventory.{Item}

fn f(i: Item):
    pass
--- references
src/app/main.spl:1:16
src/app/main.spl:3:9
src/inventory/item.spl:1:7 (declaration)

=== references of a function include the module's own export lists
--- file src/util/strings.spl
fn pa$0d(s: text) -> text:
    s
fn trim(s: text) -> text:
    s
export pad
export pad, trim
--- file src/app.spl
use util.strings.{pad}
fn f() -> text:
    pad("x")
--- references
src/app.spl:1:19
src/app.spl:3:5
src/util/strings.spl:1:4 (declaration)
src/util/strings.spl:5:8
src/util/strings.spl:6:8

=== references of a re-exported name include `export X` after its `use`
--- file src/lib/core.spl
class Wid$0get:
    id: i64
--- file src/lib/__init__.spl
use lib.core.{Widget}
export Widget
--- file src/app.spl
use lib.{Widget}
fn make() -> Widget:
    Widget(id: 1)
--- references
src/app.spl:1:10
src/app.spl:2:14
src/app.spl:3:5
src/lib/__init__.spl:1:15
src/lib/__init__.spl:2:8
src/lib/core.spl:1:7 (declaration)
