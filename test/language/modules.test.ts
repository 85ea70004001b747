// Module-path rules (digest §6) as data: one fixture tree shaped like the upstream repository, and a
// table of imports with the files they must resolve to, best first.
import * as assert from 'node:assert/strict';
import { moduleNameOf, resolveModule, treeOf } from '../../server/src/language/modules';

const TREE = treeOf([
  'src/lib/common/sdn/value.spl',
  'src/lib/common/text.spl',
  'src/lib/nogc_sync_mut/text.spl',
  'src/lib/common/avl_tree/mod.spl',
  'src/lib/common/avl_tree/types.spl',
  'src/lib/nogc_sync_mut/aop/facet.spl',
  'src/lib/nogc_sync_mut/lsp/lsp_handlers.spl',
  'src/lib/nogc_async_mut/lsp/parser_adapter.spl',
  'src/lib/nogc_async_mut/spec/__init__.spl',
  'src/app/io/mod.spl',
  'src/app/cli/main.spl',
  'src/app/cli/util.spl',
  'src/app/cli/query.spl',
  'src/app/cli/query/__init__.spl',
  'src/compiler/10.frontend/core/parser.spl',
  'src/compiler/20.hir/lower.spl',
  'src/compiler/50.mir/_MirLowering/module_lowering.spl',
  'src/core/lexer.spl',
  'test/unit/parser_spec.spl',
]);

const cases: {
  name: string;
  importer: string;
  path: string;
  dots?: number;
  expect: string[];
  segments?: number;
}[] = [
  {
    name: 'std searches every family',
    importer: 'src/app/cli/main.spl',
    path: 'std.aop.facet',
    expect: ['src/lib/nogc_sync_mut/aop/facet.spl'],
  },
  {
    name: 'std with an explicit family',
    importer: 'src/app/cli/main.spl',
    path: 'std.nogc_async_mut.lsp.parser_adapter',
    expect: ['src/lib/nogc_async_mut/lsp/parser_adapter.spl'],
  },
  {
    name: 'a directory without a package file is not a module',
    importer: 'src/app/cli/main.spl',
    path: 'std.lsp',
    expect: [],
  },
  {
    name: 'a module in several families: all of them',
    importer: 'src/app/cli/main.spl',
    path: 'std.text',
    expect: ['src/lib/common/text.spl', 'src/lib/nogc_sync_mut/text.spl'],
  },
  {
    name: 'a package through __init__.spl',
    importer: 'src/app/cli/main.spl',
    path: 'std.spec',
    expect: ['src/lib/nogc_async_mut/spec/__init__.spl'],
  },
  {
    name: 'a package through mod.spl',
    importer: 'src/app/cli/main.spl',
    path: 'app.io',
    expect: ['src/app/io/mod.spl'],
  },
  {
    name: 'a family root named directly',
    importer: 'src/lib/common/avl_tree/mod.spl',
    path: 'common.sdn.value',
    expect: ['src/lib/common/sdn/value.spl'],
  },
  {
    name: 'relative to the importer family root',
    importer: 'src/lib/common/avl_tree/mod.spl',
    path: 'avl_tree.types',
    expect: ['src/lib/common/avl_tree/types.spl'],
  },
  {
    name: 'numbered layer directories are transparent',
    importer: 'src/app/cli/main.spl',
    path: 'compiler.frontend.core.parser',
    expect: ['src/compiler/10.frontend/core/parser.spl'],
  },
  {
    name: 'underscore directories are ordinary segments',
    importer: 'src/compiler/20.hir/lower.spl',
    path: 'compiler.mir._MirLowering.module_lowering',
    expect: ['src/compiler/50.mir/_MirLowering/module_lowering.spl'],
  },
  {
    name: 'a file and a package of the same name: both',
    importer: 'src/app/cli/main.spl',
    path: 'app.cli.query',
    expect: ['src/app/cli/query.spl', 'src/app/cli/query/__init__.spl'],
  },
  {
    name: 'relative import from the importer directory',
    importer: 'src/app/cli/main.spl',
    path: 'util',
    dots: 1,
    expect: ['src/app/cli/util.spl'],
  },
  {
    name: 'two dots go one directory up',
    importer: 'src/app/cli/query/__init__.spl',
    path: 'util',
    dots: 2,
    expect: ['src/app/cli/util.spl'],
  },
  { name: 'core root', importer: 'src/app/cli/main.spl', path: 'core.lexer', expect: ['src/core/lexer.spl'] },
  {
    name: 'the last segment is an item when no submodule has its name',
    importer: 'src/app/cli/main.spl',
    path: 'core.lexer.Token',
    expect: ['src/core/lexer.spl'],
    segments: 2,
  },
  { name: 'unresolved', importer: 'src/app/cli/main.spl', path: 'app.nowhere.thing', expect: [] },
];

/** The one place the tests call the resolver. */
function check(c: (typeof cases)[number]): void {
  const match = resolveModule(
    { path: c.path.split('.'), relativeDepth: c.dots ?? 0, importer: c.importer },
    TREE,
  );
  assert.deepEqual(match.files, c.expect);
  if (c.segments !== undefined) assert.equal(match.moduleSegments, c.segments);
}

describe('module paths: imports to files', () => {
  for (const c of cases) it(c.name, () => check(c));
});

describe('module paths: files to module names', () => {
  const names: [string, string][] = [
    ['src/compiler/10.frontend/core/parser.spl', 'compiler.frontend.core.parser'],
    ['src/app/io/mod.spl', 'app.io'],
    ['src/lib/common/sdn/value.spl', 'std.sdn.value'],
    ['src/lib/nogc_async_mut/spec/__init__.spl', 'std.spec'],
    ['src/compiler/50.mir/_MirLowering/module_lowering.spl', 'compiler.mir._MirLowering.module_lowering'],
    ['src\\core\\lexer.spl', 'core.lexer'],
    ['test/unit/parser_spec.spl', 'test.unit.parser_spec'],
  ];
  for (const [file, name] of names) it(`${file} → ${name}`, () => assert.equal(moduleNameOf(file), name));
});
