=== two roots: each resolves imports in its own tree
--- file @one/src/app/main.spl
use util.{he$0lp}
--- file @one/src/util.spl
fn help():
    pass
--- file @two/src/util.spl
fn help():
    pass
--- definition
@one/src/util.spl:1:4

=== workspace symbols: fuzzy, ranked, across roots
--- file @one/src/app/main.spl
fn parse_config():
    pass
fn p$0arse():
    pass
class ParseError:
    msg: text
--- file @two/src/other.spl
fn prepare_connection():
    pass
fn unrelated():
    pass
--- symbols parse
parse function @one/src/app/main.spl:3
parse_config function @one/src/app/main.spl:1
ParseError class @one/src/app/main.spl:5
--- symbols pc
parse_config function @one/src/app/main.spl:1
prepare_connection function @two/src/other.spl:1
--- symbols PE
ParseError class @one/src/app/main.spl:5
