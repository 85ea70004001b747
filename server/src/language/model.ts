// The per-file semantic model: Simple's name rules, written once. Built lazily from one parse and cached
// with it (`FileModel.of(result)`), it answers every question a feature asks about names in one file:
// which declaration a name refers to (`resolve`), every use of a declaration (`occurrences`), every name
// resolved at once (`targets`, for tokens and hints), the names visible at a place (`visible`, for
// completion), and what a name means to the workspace (`referenceAt`: local, imported, a module path, a
// member of something declared elsewhere, or free).
//
// The rules. A scope is a node that makes names visible to some of its children:
// - a block (and the module): `val`/`var`/`let`/`const` bindings from the end of their statement on (the
//   nearest earlier one wins, so `val s = s ?? ""` refers to the earlier `s`); functions, types, aliases
//   and imported names in the whole block; at module level, later values too, from code that runs later
//   (never from their own initializer). Declarations inside `when cond:` blocks and recovered lines belong
//   to the enclosing block.
// - functions and lambdas: parameters (not in the parameter list itself), type parameters (everywhere in
//   the declaration); fat-arrow lambdas their parameter patterns.
// - types and impls: their type parameters.
// - `for` and comprehension targets, match-arm patterns, `with ... as` targets: in the body.
// - `if val` / `elif val` / `while val` patterns: in the block they guard.
// Pattern names declare themselves. `self.x` resolves to a member of the enclosing type (or of an `impl`
// of it in this file), `Type.x` to a member or variant of a type declared here. A name in a module's own
// `export` list (`export a, b`, `export {a}`) is a use of the module-level binding it names. Anything else
// is unresolved: undefined rather than a guess.
import { type ReusedUnits, takeReusedUnits } from './incremental';
import { childOfKind, nodeAt, SyntaxKind, SyntaxNode, TextSpan, walk } from './syntax';
import type { ParseResult } from './types';

/** Declarations visible in their whole block. */
const DECLARATIONS = new Set([
  SyntaxKind.FnDecl,
  SyntaxKind.ClassDecl,
  SyntaxKind.EnumDecl,
  SyntaxKind.TraitDecl,
  SyntaxKind.TypeAlias,
]);
/** Declarations whose members `Type.x` and `self.x` reach. */
export const TYPE_DECLS: ReadonlySet<SyntaxKind> = new Set([
  SyntaxKind.ClassDecl,
  SyntaxKind.EnumDecl,
  SyntaxKind.TraitDecl,
]);
const MEMBERS = new Set([SyntaxKind.FnDecl, SyntaxKind.Field, SyntaxKind.Variant, SyntaxKind.TypeAlias]);

// Codes of UnitAnswers (FileModel.answersOf) below 0; a code of 0 or more is the index of the target.
const NO_TARGET = -1;
const FREE = -2;
const VIA_MODULE = -3;

/** How a declaring name binds: what completion shows and what a reader calls it. */
export type BindingRole =
  'parameter' | 'typeParameter' | 'pattern' | 'value' | 'declaration' | 'import' | 'module';

/** A name visible at a place, with the scope it comes from (`block` and `module` are statement lists). */
export interface VisibleName {
  name: SyntaxNode;
  role: BindingRole;
  scope: 'local' | 'block' | 'module';
}

/**
 * What the name at an offset refers to, as far as one file can tell. `local`: a declaration in this
 * file (the file's own answer is final). `import`: an item of a `use` list (follow it into the module).
 * `module`: a segment of an import path. `member`: `a.b` whose receiver this file cannot settle (a type
 * or module from elsewhere, `self` in an impl of a type declared elsewhere, a typed parameter). `free`:
 * a bare name declared nowhere in this file (a glob import or a module import may provide it).
 */
export type NameReference =
  | { kind: 'local'; name: string; span: TextSpan; target: TextSpan }
  | { kind: 'import'; name: string; span: TextSpan; item: TextSpan }
  | { kind: 'module'; name: string; span: TextSpan; pathSpan: TextSpan; segments: number }
  | { kind: 'member'; name: string; span: TextSpan; receiver: Receiver }
  | { kind: 'free'; name: string; span: TextSpan };

/** The receiver of `a.b`: a value of a named type, or a name to resolve (a type or module). */
export type Receiver = { type: string } | { ref: NameReference };

interface Entry {
  name: SyntaxNode;
  role: BindingRole;
}

/** Names a scope node makes visible, and to which of its children. */
interface Scope {
  /** The binding of `text` visible to `use`, which lies under `child` (a child of the scope node). */
  find(text: string, use: SyntaxNode, child: SyntaxNode): SyntaxNode | undefined;
  /** Every binding visible to `use` under `child`, in declaration order. */
  names(use: SyntaxNode, child: SyntaxNode): Entry[];
}

const NO_SCOPE: Scope = { find: () => undefined, names: () => [] };

/** Nodes that may make names visible to their children (see makeScope). */
const SCOPE_KINDS = new Set([
  SyntaxKind.Module,
  SyntaxKind.Block,
  SyntaxKind.FnDecl,
  SyntaxKind.Lambda,
  SyntaxKind.ClassDecl,
  SyntaxKind.TraitDecl,
  SyntaxKind.EnumDecl,
  SyntaxKind.ImplDecl,
  SyntaxKind.For,
  SyntaxKind.CompFor,
  SyntaxKind.Comprehension,
  SyntaxKind.MatchArm,
  SyntaxKind.With,
  SyntaxKind.If,
  SyntaxKind.While,
  SyntaxKind.ElseClause,
]);

interface ScopeLink {
  scope: SyntaxNode;
  /** The scope's child on the way down to the node asked about. */
  child: SyntaxNode;
}

/** A group of names visible to the children `visible` accepts. */
class Group {
  private map: Map<string, SyntaxNode> | undefined;
  constructor(
    private readonly model: FileModel,
    readonly entries: Entry[],
    readonly visible: (child: SyntaxNode) => boolean,
  ) {}
  get(text: string): SyntaxNode | undefined {
    if (!this.map) {
      this.map = new Map();
      for (const e of this.entries) {
        const t = this.model.text(e.name);
        if (!this.map.has(t)) this.map.set(t, e.name);
      }
    }
    return this.map.get(text);
  }
}

class GroupScope implements Scope {
  constructor(private readonly groups: Group[]) {}
  find(text: string, _use: SyntaxNode, child: SyntaxNode): SyntaxNode | undefined {
    for (const g of this.groups) {
      if (!g.visible(child)) continue;
      const found = g.get(text);
      if (found) return found;
    }
    return undefined;
  }
  names(_use: SyntaxNode, child: SyntaxNode): Entry[] {
    return this.groups.filter((g) => g.visible(child)).flatMap((g) => g.entries);
  }
}

interface BlockEntry extends Entry {
  /** The statement that binds it. */
  stmt: SyntaxNode;
}

/** A statement list: values from the end of their statement, declarations and imports everywhere. */
class BlockScope implements Scope {
  /** `val`/`var` bindings of each name, in source order. */
  private readonly values = new Map<string, BlockEntry[]>();
  /** Declarations and imports, and (in the module) values, in source order. */
  private readonly anywhere = new Map<string, BlockEntry[]>();
  private readonly all: BlockEntry[] = [];
  private readonly isModule: boolean;

  constructor(model: FileModel, block: SyntaxNode) {
    this.isModule = block.kind === SyntaxKind.Module;
    const add = (map: Map<string, BlockEntry[]>, e: BlockEntry): void => {
      const t = model.text(e.name);
      const list = map.get(t);
      if (list) list.push(e);
      else map.set(t, [e]);
    };
    for (const stmt of statementsOf(block)) {
      if (stmt.kind === SyntaxKind.VarDecl) {
        for (const name of varNames(model.result, stmt)) {
          const e = { name, role: 'value' as const, stmt };
          add(this.values, e);
          if (this.isModule) add(this.anywhere, e);
          this.all.push(e);
        }
      } else if (DECLARATIONS.has(stmt.kind)) {
        const name = childOfKind(stmt, SyntaxKind.Name);
        if (!name) continue;
        const e = { name, role: 'declaration' as const, stmt };
        add(this.anywhere, e);
        this.all.push(e);
      } else if (stmt.kind === SyntaxKind.UseDecl || stmt.kind === SyntaxKind.ExportDecl) {
        for (const b of model.importBindings(stmt)) {
          const e = { ...b, stmt };
          add(this.anywhere, e);
          this.all.push(e);
        }
      }
    }
  }

  find(text: string, use: SyntaxNode): SyntaxNode | undefined {
    const values = this.values.get(text);
    if (values) {
      for (let i = values.length - 1; i >= 0; i--) if (values[i].stmt.end <= use.start) return values[i].name;
    }
    for (const e of this.anywhere.get(text) ?? []) {
      // A module value is visible above it only from code that runs later, never from its own
      // initializer; one that ended before the use was found above.
      if (e.role === 'value' && e.stmt.start <= use.start) continue;
      return e.name;
    }
    return undefined;
  }

  names(use: SyntaxNode): Entry[] {
    const out: Entry[] = [];
    for (const e of this.all) {
      const inside = e.stmt.start <= use.start && use.start <= e.stmt.end;
      if (e.role === 'value') {
        // Values declared before the use; in a module later ones too; never the one being written.
        if (inside || !(e.stmt.end <= use.start || this.isModule)) continue;
      } else if (e.role === 'import' || e.role === 'module') {
        if (inside) continue;
      } else if (inside && e.name.start > use.start) continue; // a declaration whose name is being written
      out.push(e);
    }
    return out;
  }
}

const models = new WeakMap<ParseResult, FileModel>();

export class FileModel {
  private readonly scopes = new Map<SyntaxNode, Scope>();
  private readonly resolved = new Map<SyntaxNode, SyntaxNode | null>();
  private readonly links = new Map<SyntaxNode, ScopeLink | null>();
  private patternNamesCache: Set<SyntaxNode> | undefined;
  private moduleNamesCache: Set<SyntaxNode> | undefined;
  private membersCache: Map<string, Map<string, SyntaxNode>> | undefined;
  private targetsCache: Map<SyntaxNode, SyntaxNode> | undefined;
  private usesCache: Map<SyntaxNode, SyntaxNode[]> | undefined;
  /**
   * Names whose resolution depends on more than their own module-level statement: a lookup that reached
   * the module scope (found there or nowhere), a member name (`a.b`, `self.b`: the file's types and
   * impls), an exported name. Every other name resolved inside its statement, from that statement alone.
   */
  private readonly free = new Set<SyntaxNode>();
  /** Names whose lookup passed every scope inside their statement without finding them. */
  private readonly viaModule = new Set<SyntaxNode>();
  /** The answers of module-level statements relative to them (answersOf), once known. */
  private readonly units = new Map<SyntaxNode, Int32Array>();
  /** The previous version's model, whose `targets` the statements this parse reused can take over. */
  private base: { model: FileModel; units: ReusedUnits } | undefined;
  /** Module-level statements whose names `targets` took over from the previous version (tests, bench). */
  takenOver = 0;

  private constructor(readonly result: ParseResult) {}

  /** The model of a parse, built on first use and kept as long as the parse is. */
  static of(result: ParseResult): FileModel {
    let m = models.get(result);
    if (!m) {
      models.set(result, (m = new FileModel(result)));
      const units = takeReusedUnits(result);
      const previous = units && models.get(units.previous);
      // Only a model that resolved every name can lend its answers (and it holds no base of its own).
      if (units && previous?.targetsCache) m.base = { model: previous, units };
    }
    return m;
  }

  text(n: TextSpan): string {
    return this.result.text.slice(n.start, n.end);
  }

  /** The Name or NameRef at (or just before) a cursor offset. */
  nameAt(offset: number): SyntaxNode | undefined {
    for (const at of [offset, offset - 1]) {
      if (at < 0) continue;
      const n = nodeAt(this.result.root, at);
      if ((n.kind === SyntaxKind.Name || n.kind === SyntaxKind.NameRef) && n.start <= at && at <= n.end)
        return n;
    }
    return undefined;
  }

  // ---------------------------------------------------------------- resolution

  /** The declaring name a Name or NameRef stands for (a declaring name stands for itself). */
  resolve(node: SyntaxNode): SyntaxNode | undefined {
    // Once every name is resolved, the whole-file map answers (names taken over are only there).
    if (this.targetsCache) return this.targetsCache.get(node);
    const cached = this.resolved.get(node);
    if (cached !== undefined) return cached ?? undefined;
    const found = this.compute(node);
    this.resolved.set(node, found ?? null);
    return found;
  }

  private compute(node: SyntaxNode): SyntaxNode | undefined {
    const parent = node.parent;
    if (!parent) return undefined;
    if (node.kind === SyntaxKind.Name) {
      if (parent.kind === SyntaxKind.Member && parent.children[0] !== node) {
        this.free.add(node);
        return this.member(parent, node);
      }
      if (isDeclarationName(node)) return node;
      if (this.bindsModule(node)) return node;
      if (isExportedName(node)) {
        this.free.add(node);
        return this.lookup(node);
      }
      return undefined;
    }
    if (node.kind !== SyntaxKind.NameRef) return undefined;
    if (this.patternNames().has(node)) return node;
    return this.lookup(node);
  }

  /** Walks the scopes from the use outwards. */
  private lookup(use: SyntaxNode): SyntaxNode | undefined {
    const text = this.text(use);
    for (let link = this.scopeLink(use); link; link = this.scopeLink(link.scope)) {
      const found = this.scopeOf(link.scope).find(text, use, link.child);
      if (found) {
        if (!link.scope.parent) this.viaModule.add(use);
        return found;
      }
    }
    this.viaModule.add(use);
    return undefined;
  }

  /**
   * The nearest ancestor of `n` that is a scope, and its child on the way to `n`. Memoised for every node
   * passed on the way up, so resolving every name of a deep tree (a 5 MB `a + a + ...` line is a
   * million levels deep) costs time linear in the tree, not in its depth per name.
   */
  private scopeLink(n: SyntaxNode): ScopeLink | undefined {
    const path: SyntaxNode[] = [];
    let found: ScopeLink | undefined;
    for (let at: SyntaxNode | undefined = n; at; at = at.parent) {
      const cached = this.links.get(at);
      if (cached !== undefined) {
        found = cached ?? undefined;
        break;
      }
      const parent = at.parent;
      if (!parent) {
        path.push(at);
        break;
      }
      if (SCOPE_KINDS.has(parent.kind)) {
        found = { scope: parent, child: at };
        this.links.set(at, found);
        break;
      }
      path.push(at);
    }
    for (const p of path) this.links.set(p, found ?? null);
    return found;
  }

  /** A member name `a.b`: `self.b` in a type or impl, `Type.b` for a type declared here. */
  private member(member: SyntaxNode, name: SyntaxNode): SyntaxNode | undefined {
    const receiver = member.children[0];
    if (receiver.kind !== SyntaxKind.NameRef) return undefined;
    let typeName: string | undefined;
    if (this.text(receiver) === 'self') typeName = this.enclosingType(member);
    else {
      const decl = this.resolve(receiver);
      if (decl?.parent && TYPE_DECLS.has(decl.parent.kind)) typeName = this.text(decl);
    }
    return typeName === undefined ? undefined : this.memberOf(typeName, this.text(name));
  }

  /** The name of the type whose body (or impl) encloses `n`. */
  enclosingType(n: SyntaxNode): string | undefined {
    for (let link = this.scopeLink(n); link; link = this.scopeLink(link.scope)) {
      const p = link.scope;
      if (TYPE_DECLS.has(p.kind)) {
        const name = childOfKind(p, SyntaxKind.Name);
        return name ? this.text(name) : undefined;
      }
      if (p.kind === SyntaxKind.ImplDecl) return implTarget(this.result, p);
    }
    return undefined;
  }

  /** A field, method or variant named `member` of the type `typeName` (its body or its impls here). */
  memberOf(typeName: string, member: string): SyntaxNode | undefined {
    this.membersCache ??= typeMembers(this);
    return this.membersCache.get(typeName)?.get(member);
  }

  // ---------------------------------------------------------------- whole-file views

  /** Every Name and NameRef that resolves, mapped to its declaring name. */
  targets(): Map<SyntaxNode, SyntaxNode> {
    if (this.targetsCache) return this.targetsCache;
    const out = new Map<SyntaxNode, SyntaxNode>();
    const visit = (n: SyntaxNode): void => {
      if (n.kind !== SyntaxKind.Name && n.kind !== SyntaxKind.NameRef) return;
      const t = this.resolve(n);
      if (t) out.set(n, t);
    };
    const base = this.base;
    this.base = undefined;
    const root = this.result.root;
    if (base === undefined) walk(root, visit);
    else {
      // Same order as the walk: the root (no name), then each statement in source order.
      const { model, units } = base;
      const old = units.previous.root.children;
      root.children.forEach((stmt, i) => {
        const from =
          i < units.prefix ? old[i] : i >= units.newTail ? old[units.oldTail + i - units.newTail] : undefined;
        const delta = i < units.prefix ? 0 : units.delta;
        if (from === undefined || !this.takeOver(model, from, stmt, delta, out)) walk(stmt, visit);
      });
    }
    return (this.targetsCache = out);
  }

  /**
   * Resolves the names of `stmt`, a copy of the previous version's `from` shifted by `delta`, from the
   * previous model's answers for `from` (UnitAnswers: relative to the statement, so a copy takes them over
   * by position, and the copy's answers are the same array): a name that resolved inside its statement
   * resolves to the copy of the same declaration (the scopes inside the statement are the same, and
   * lookups stop at the first scope that has the name); a name whose lookup reached the module scope is
   * looked up there again; a member or exported name is resolved in full. False, having added nothing, if
   * the two differ in shape: compared node for node the first time a statement is taken over, and by its
   * span and number of names once its answers are known (the parser copies reused statements exactly).
   */
  private takeOver(
    model: FileModel,
    from: SyntaxNode,
    stmt: SyntaxNode,
    delta: number,
    out: Map<SyntaxNode, SyntaxNode>,
  ): boolean {
    if (from.kind !== stmt.kind || from.start + delta !== stmt.start || from.end + delta !== stmt.end)
      return false;
    let codes = model.units.get(from);
    const news: SyntaxNode[] = [];
    if (codes !== undefined) {
      // Answers known: the copy's names in walk order are all that is needed (the parser copies a
      // statement node for node; a copy with another number of names is resolved from scratch).
      const stack: SyntaxNode[] = [stmt];
      while (stack.length > 0) {
        const b = stack.pop()!;
        if (b.kind === SyntaxKind.Name || b.kind === SyntaxKind.NameRef) news.push(b);
        const children = b.children;
        for (let k = children.length - 1; k >= 0; k--) stack.push(children[k]);
      }
      if (news.length !== codes.length) return false;
    } else {
      // First taken over: walk both, compare their shapes, and work out the answers from the old names.
      const olds: SyntaxNode[] = [];
      const stack: SyntaxNode[] = [from, stmt];
      while (stack.length > 0) {
        const b = stack.pop()!;
        const a = stack.pop()!;
        if (
          a.kind !== b.kind ||
          a.start + delta !== b.start ||
          a.end + delta !== b.end ||
          a.children.length !== b.children.length
        )
          return false;
        if (a.kind === SyntaxKind.Name || a.kind === SyntaxKind.NameRef) {
          olds.push(a);
          news.push(b);
        }
        for (let k = a.children.length - 1; k >= 0; k--) stack.push(a.children[k], b.children[k]);
      }
      codes = model.answersOf(from, olds);
    }
    this.takenOver++;
    this.units.set(stmt, codes);
    const module = this.scopeOf(this.result.root);
    for (let k = 0; k < news.length; k++) {
      const n = news[k];
      const code = codes[k];
      let t: SyntaxNode | undefined;
      if (code >= 0) t = news[code];
      else if (code === VIA_MODULE) {
        // No scope inside the statement has it (none did before, and they are the same): the module's.
        t = module.find(this.text(n), n, stmt);
      } else if (code === FREE) {
        t = this.compute(n);
        this.resolved.set(n, t ?? null);
      }
      // A receiver (`a` of `a.b`) is asked for again when its member is resolved.
      if (code !== FREE && n.parent!.kind === SyntaxKind.Member) this.resolved.set(n, t ?? null);
      if (t) out.set(n, t);
    }
    return true;
  }

  /**
   * The answers of a module-level statement's names (`names`: its Name and NameRef nodes in the order of
   * a walk), relative to it: for each name the index of its target among `names`, or NO_TARGET, FREE
   * (resolved in full: members, exported names, and any answer outside the statement) or VIA_MODULE (a
   * lookup that passed every scope inside the statement). Taken over with the statement, computed here
   * only for statements resolved name by name. Needs `targets()` done.
   */
  private answersOf(stmt: SyntaxNode, names: SyntaxNode[]): Int32Array {
    const known = this.units.get(stmt);
    if (known) return known;
    const targets = this.targetsCache!;
    const codes = new Int32Array(names.length);
    let index: Map<SyntaxNode, number> | undefined;
    for (let k = 0; k < names.length; k++) {
      const o = names[k];
      if (this.free.has(o)) codes[k] = FREE;
      else if (this.viaModule.has(o)) codes[k] = VIA_MODULE;
      else {
        const was = targets.get(o);
        if (was === undefined) codes[k] = NO_TARGET;
        else {
          if (!index) {
            index = new Map();
            for (let j = 0; j < names.length; j++) index.set(names[j], j);
          }
          codes[k] = index.get(was) ?? FREE;
        }
      }
    }
    this.units.set(stmt, codes);
    return codes;
  }

  /** Does this name bind a module (one of moduleNames), asked of the name alone. */
  bindsModule(name: SyntaxNode): boolean {
    const p = name.parent;
    const use =
      p?.kind === SyntaxKind.UseDecl
        ? p
        : p?.kind === SyntaxKind.ImportPath && p.parent?.kind === SyntaxKind.UseDecl
          ? p.parent
          : undefined;
    return use !== undefined && this.moduleBinding(use) === name;
  }

  /** Name nodes that bind a module (an `as` alias, or the last segment of a bare module import). */
  moduleNames(): Set<SyntaxNode> {
    if (this.moduleNamesCache) return this.moduleNamesCache;
    const out = new Set<SyntaxNode>();
    walk(this.result.root, (n) => {
      if (n.kind === SyntaxKind.UseDecl) {
        const bound = this.moduleBinding(n);
        if (bound) out.add(bound);
        return false;
      }
      return true;
    });
    return (this.moduleNamesCache = out);
  }

  /** The declaration and every use of it in this file, in source order. */
  occurrences(decl: SyntaxNode): SyntaxNode[] {
    if (!this.usesCache) {
      this.usesCache = new Map();
      for (const [use, target] of this.targets()) {
        const list = this.usesCache.get(target);
        if (list) list.push(use);
        else this.usesCache.set(target, [use]);
      }
    }
    const uses = this.usesCache.get(decl) ?? [];
    const out = uses.includes(decl) ? [...uses] : [decl, ...uses];
    return out.sort((a, b) => a.start - b.start);
  }

  /** Every name visible at `use` (innermost scope first, each name once). */
  visible(use: SyntaxNode): VisibleName[] {
    const out: VisibleName[] = [];
    const seen = new Set<string>();
    for (let link = this.scopeLink(use); link; link = this.scopeLink(link.scope)) {
      const { scope, child } = link;
      const where =
        scope.kind === SyntaxKind.Module ? 'module' : scope.kind === SyntaxKind.Block ? 'block' : 'local';
      for (const e of this.scopeOf(scope).names(use, child)) {
        const t = this.text(e.name);
        if (seen.has(t)) continue;
        seen.add(t);
        out.push({ name: e.name, role: e.role, scope: where });
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- for the workspace

  /** What the name at `offset` means to the workspace (see NameReference). */
  referenceAt(offset: number): NameReference | undefined {
    const node = this.nameAt(offset);
    return node ? this.describe(node, 0) : undefined;
  }

  /** referenceAt for a Name or NameRef node of this parse, without the descent from the root to it. */
  referenceOf(node: SyntaxNode): NameReference | undefined {
    return this.describe(node, 0);
  }

  private describe(node: SyntaxNode, depth: number): NameReference | undefined {
    const name = this.text(node);
    const nodeSpan = span(node);
    const parent = node.parent;
    if (parent?.kind === SyntaxKind.ImportPath) {
      const target = isExportedName(node) ? this.resolve(node) : undefined;
      if (!target) {
        const segments = parent.children.filter((c) => c.kind === SyntaxKind.Name);
        const index = segments.indexOf(node);
        return { kind: 'module', name, span: nodeSpan, pathSpan: span(parent), segments: index + 1 };
      }
    }
    const binding = this.resolve(node);
    if (binding && this.bindsModule(binding)) {
      // A module bound by an import: the workspace finds the module.
      return node === binding ? undefined : { kind: 'free', name, span: nodeSpan };
    }
    if (binding) {
      const item = importItemOf(binding);
      if (item) return { kind: 'import', name, span: nodeSpan, item: span(item) };
      return { kind: 'local', name, span: nodeSpan, target: span(binding) };
    }
    if (node.kind === SyntaxKind.Name && parent?.kind === SyntaxKind.Member && parent.children[0] !== node) {
      if (depth > 8) return undefined;
      const receiver = this.receiverOf(parent, depth);
      return receiver ? { kind: 'member', name, span: nodeSpan, receiver } : undefined;
    }
    if (node.kind === SyntaxKind.NameRef && name !== 'self') return { kind: 'free', name, span: nodeSpan };
    return undefined;
  }

  private receiverOf(member: SyntaxNode, depth: number): Receiver | undefined {
    const receiver = member.children[0];
    if (receiver.kind === SyntaxKind.NameRef && this.text(receiver) === 'self') {
      const type = this.enclosingType(member);
      return type ? { type } : undefined;
    }
    if (receiver.kind === SyntaxKind.Call) {
      // `Point(1, 2).x`: a constructor's result.
      const callee = receiver.children[0];
      if (callee?.kind === SyntaxKind.NameRef && /^[A-Z]/.test(this.text(callee)))
        return { type: this.text(callee) };
      return undefined;
    }
    if (receiver.kind === SyntaxKind.NameRef) {
      const b = this.resolve(receiver);
      const declared = b && this.declaredType(b);
      if (declared) return { type: declared };
    }
    if (receiver.kind === SyntaxKind.NameRef || receiver.kind === SyntaxKind.Member) {
      const inner =
        receiver.kind === SyntaxKind.NameRef ? receiver : receiver.children[receiver.children.length - 1];
      if (inner.kind !== SyntaxKind.NameRef && inner.kind !== SyntaxKind.Name) return undefined;
      const ref = this.describe(inner, depth + 1);
      return ref ? { ref } : undefined;
    }
    return undefined;
  }

  /** The type a parameter or variable is declared with (`p: Point`, `val p = Point(...)`), when evident. */
  declaredType(name: SyntaxNode): string | undefined {
    const decl = name.parent;
    if (!decl || (decl.kind !== SyntaxKind.Param && decl.kind !== SyntaxKind.VarDecl)) return undefined;
    const head = childOfKind(decl, SyntaxKind.TypeRef)?.children.find((c) => c.kind === SyntaxKind.NameRef);
    if (head) return this.text(head);
    if (decl.kind !== SyntaxKind.VarDecl) return undefined;
    const init = decl.children[decl.children.length - 1];
    if (init?.kind !== SyntaxKind.Call) return undefined;
    const callee = init.children[0];
    if (callee?.kind === SyntaxKind.NameRef && /^[A-Z]/.test(this.text(callee))) return this.text(callee);
    // `Point.new(...)`
    if (callee?.kind === SyntaxKind.Member) {
      const base = callee.children[0];
      const method = callee.children[callee.children.length - 1];
      if (
        base.kind === SyntaxKind.NameRef &&
        /^[A-Z]/.test(this.text(base)) &&
        method &&
        this.text(method) === 'new'
      )
        return this.text(base);
    }
    return undefined;
  }

  // ---------------------------------------------------------------- scopes

  private scopeOf(n: SyntaxNode): Scope {
    let s = this.scopes.get(n);
    if (!s) this.scopes.set(n, (s = this.makeScope(n)));
    return s;
  }

  private makeScope(n: SyntaxNode): Scope {
    const patterns = (pats: (SyntaxNode | undefined)[]): Entry[] =>
      pats.flatMap((p) => (p ? patternNames(this.result, p) : [])).map((name) => ({ name, role: 'pattern' }));
    const group = (entries: Entry[], visible: (child: SyntaxNode) => boolean): Group =>
      new Group(this, entries, visible);
    switch (n.kind) {
      case SyntaxKind.Module:
      case SyntaxKind.Block:
        return new BlockScope(this, n);
      case SyntaxKind.FnDecl:
      case SyntaxKind.Lambda: {
        const groups: Group[] = [];
        const params = childOfKind(n, SyntaxKind.ParamList);
        if (params) {
          const entries: Entry[] = [];
          for (const p of params.children) {
            const name = childOfKind(p, SyntaxKind.Name);
            if (name) entries.push({ name, role: 'parameter' });
            else entries.push(...patterns(p.children.filter(isPattern)));
          }
          groups.push(group(entries, (c) => c !== params));
        }
        const arrow = fatArrowParams(n);
        if (arrow) groups.push(group(patterns([arrow]), (c) => c !== arrow));
        groups.push(group(typeParams(n), () => true));
        return new GroupScope(groups);
      }
      case SyntaxKind.ClassDecl:
      case SyntaxKind.TraitDecl:
      case SyntaxKind.EnumDecl:
      case SyntaxKind.ImplDecl:
        return new GroupScope([group(typeParams(n), () => true)]);
      case SyntaxKind.For:
      case SyntaxKind.CompFor: {
        const targets = forTargets(n);
        return new GroupScope([group(patterns(targets), (c) => !targets.includes(c))]);
      }
      case SyntaxKind.Comprehension: {
        const fors = n.children.filter((c) => c.kind === SyntaxKind.CompFor);
        return new GroupScope([group(patterns(fors.flatMap(forTargets)), () => true)]);
      }
      case SyntaxKind.MatchArm: {
        const pat = armPattern(n);
        return new GroupScope([group(patterns([pat]), (c) => c !== pat)]);
      }
      case SyntaxKind.With: {
        const targets = withTargets(n);
        return new GroupScope([group(patterns(targets), (c) => !targets.includes(c))]);
      }
      case SyntaxKind.If:
      case SyntaxKind.While:
      case SyntaxKind.ElseClause: {
        // `if val Some(x) = opt:` / `elif val ...` / `while val ...`: x in the guarded block.
        const cond = n.children[1];
        if (!cond || cond.kind !== SyntaxKind.VarDecl) return NO_SCOPE;
        return new GroupScope([
          group(patterns([patternPart(cond)]), (c) => c !== cond && c.kind === SyntaxKind.Block),
        ]);
      }
    }
    return NO_SCOPE;
  }

  /** Name nodes inside patterns that declare themselves (`val (a, b) = ...`, `case Some(x)`, loop targets). */
  private patternNames(): Set<SyntaxNode> {
    if (this.patternNamesCache) return this.patternNamesCache;
    const out = new Set<SyntaxNode>();
    const add = (pats: (SyntaxNode | undefined)[]): void => {
      for (const p of pats) if (p) for (const x of patternNames(this.result, p)) out.add(x);
    };
    walk(this.result.root, (n) => {
      switch (n.kind) {
        case SyntaxKind.VarDecl: {
          const pat = patternPart(n);
          if (pat && pat.kind !== SyntaxKind.Name) add([pat]);
          break;
        }
        case SyntaxKind.For:
        case SyntaxKind.CompFor:
          add(forTargets(n));
          break;
        case SyntaxKind.MatchArm:
          add([armPattern(n)]);
          break;
        case SyntaxKind.With:
          add(withTargets(n));
          break;
        case SyntaxKind.Lambda:
          add([fatArrowParams(n)]);
          break;
      }
    });
    return (this.patternNamesCache = out);
  }

  /** Names an import statement binds: items (their alias if any), a module alias, a bare module. */
  importBindings(decl: SyntaxNode): Entry[] {
    const out: Entry[] = [];
    const stack = [decl];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (n.kind === SyntaxKind.ImportItem) {
        const names = n.children.filter((c) => c.kind === SyntaxKind.Name);
        if (names.length > 0) out.push({ name: names[names.length - 1], role: 'import' });
        continue;
      }
      if (n.kind === SyntaxKind.UseDecl) {
        const bound = this.moduleBinding(n);
        if (bound) out.push({ name: bound, role: 'module' });
      }
      for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
    }
    return out;
  }

  /** `import a.b as c` → c; `use std.spec` → spec; a `use` with items or a glob binds no module. */
  private moduleBinding(use: SyntaxNode): SyntaxNode | undefined {
    const i = use.children.findIndex((c) => c.kind === SyntaxKind.Keyword && this.text(c) === 'as');
    const alias = i >= 0 ? use.children[i + 1] : undefined;
    if (alias?.kind === SyntaxKind.Name) return alias;
    const path = childOfKind(use, SyntaxKind.ImportPath);
    if (
      !path ||
      childOfKind(path, SyntaxKind.ImportList) ||
      childOfKind(path, SyntaxKind.ImportGlob) ||
      childOfKind(use, SyntaxKind.ImportList) ||
      childOfKind(use, SyntaxKind.ImportGlob)
    )
      return undefined;
    const segs = path.children.filter((c) => c.kind === SyntaxKind.Name);
    return segs[segs.length - 1];
  }
}

// ------------------------------------------------------------------ compatibility views

/** The declaration(s) the name at `offset` refers to (its own span when it is a declaration). */
export function definitionAt(result: ParseResult, offset: number): TextSpan[] {
  const model = FileModel.of(result);
  const node = model.nameAt(offset);
  const target = node && model.resolve(node);
  return target ? [span(target)] : [];
}

/** The declaration and every use of the name at `offset` in this file; [] when it is unresolved. */
export function occurrencesAt(result: ParseResult, offset: number): TextSpan[] {
  const model = FileModel.of(result);
  const node = model.nameAt(offset);
  const target = node && model.resolve(node);
  return target ? model.occurrences(target).map(span) : [];
}

export function referenceAt(result: ParseResult, offset: number): NameReference | undefined {
  return FileModel.of(result).referenceAt(offset);
}

export interface Bindings {
  /** Use (NameRef, member Name) → declaring name node. Declaration names map to themselves. */
  target: Map<SyntaxNode, SyntaxNode>;
  /**
   * Name nodes that declare a module (alias or bare import): their own role, not an item's. Asked of one
   * name at a time (`FileModel.moduleNames()` lists them, with a walk of the whole tree).
   */
  modules: { has(name: SyntaxNode): boolean };
}

/** Every name of the file resolved (for features that look at all names at once). */
export function resolveAll(result: ParseResult): Bindings {
  const model = FileModel.of(result);
  return { target: model.targets(), modules: { has: (name) => model.bindsModule(name) } };
}

// ------------------------------------------------------------------ syntax of bindings

/** Name leaves that declare: function/type/field/variant/param/binding names, import items. */
export function isDeclarationName(n: SyntaxNode): boolean {
  if (n.kind !== SyntaxKind.Name) return false;
  switch (n.parent!.kind) {
    case SyntaxKind.FnDecl:
    case SyntaxKind.ClassDecl:
    case SyntaxKind.EnumDecl:
    case SyntaxKind.TraitDecl:
    case SyntaxKind.TypeAlias:
    case SyntaxKind.Field:
    case SyntaxKind.Variant:
    case SyntaxKind.Param:
    case SyntaxKind.VarDecl:
    case SyntaxKind.TypeTest:
    case SyntaxKind.TypeParam:
      return true;
    case SyntaxKind.ImportItem:
      return !isExportedName(n);
  }
  return false;
}

/**
 * A name in a module's own export list (`export a, b`, `export {a, b}`): a use of the module-level
 * binding it names, not a declaration and not a module path (`export child.*` is one).
 */
export function isExportedName(name: SyntaxNode): boolean {
  let item = name.parent;
  if (item?.kind === SyntaxKind.ImportPath) {
    // `export a`: ExportDecl > ImportItem > ImportPath > Name, a path of one segment.
    if (item.children.length !== 1) return false;
    item = item.parent;
  } else if (item?.kind === SyntaxKind.ImportItem) {
    // `export {a}`: ExportDecl > ImportItem > ImportPath > ImportList > ImportItem > Name.
    const list = item.parent;
    const path = list?.kind === SyntaxKind.ImportList ? list.parent : undefined;
    if (path?.kind !== SyntaxKind.ImportPath || path.children.length !== 1) return false;
    if (item.children.filter((c) => c.kind === SyntaxKind.Name).length !== 1) return false;
    item = path.parent;
  } else return false;
  return item?.kind === SyntaxKind.ImportItem && item.parent?.kind === SyntaxKind.ExportDecl;
}

/** Statements of a block, looking through transparent wrappers (`when cond:` blocks, recovered lines). */
export function statementsOf(block: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const s of block.children) {
    out.push(s);
    const inner = childOfKind(s, SyntaxKind.Block);
    if (inner && (s.kind === SyntaxKind.Error || isWhenBlock(s))) out.push(...statementsOf(inner));
  }
  return out;
}

/** `when cond:` (conditional compilation): its declarations belong to the enclosing block. */
function isWhenBlock(n: SyntaxNode): boolean {
  if (n.kind !== SyntaxKind.BlockCall) return false;
  const head = n.children[0];
  const callee = head?.kind === SyntaxKind.Call ? head.children[0] : head;
  return callee?.kind === SyntaxKind.NameRef && callee.end - callee.start === 4; // `when`
}

export function varNames(result: ParseResult, decl: SyntaxNode): SyntaxNode[] {
  const names = decl.children.filter((c) => c.kind === SyntaxKind.Name);
  if (names.length > 0) return names;
  const pat = patternPart(decl);
  return pat ? patternNames(result, pat) : [];
}

export function patternPart(decl: SyntaxNode): SyntaxNode | undefined {
  return decl.children.find(
    (c) =>
      c.kind !== SyntaxKind.Keyword && c.kind !== SyntaxKind.Modifiers && c.kind !== SyntaxKind.Decorator,
  );
}

export function forTargets(n: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const c of n.children.slice(1)) {
    if (c.kind === SyntaxKind.Keyword) break; // `in`
    out.push(c);
  }
  return out;
}

export function armPattern(arm: SyntaxNode): SyntaxNode | undefined {
  return arm.children.find((c) => c.kind !== SyntaxKind.Keyword);
}

export function withTargets(n: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  n.children.forEach((c, i) => {
    const prev = n.children[i - 1];
    if (
      prev &&
      prev.kind === SyntaxKind.Keyword &&
      prev.end - prev.start === 2 &&
      c.kind !== SyntaxKind.Block
    )
      out.push(c);
  });
  return out.filter((c) => c.kind !== SyntaxKind.Keyword);
}

/** `x => e` / `(a, b) => e`: the parameter side of a fat-arrow lambda. */
export function fatArrowParams(lambda: SyntaxNode): SyntaxNode | undefined {
  if (lambda.kind !== SyntaxKind.Lambda || childOfKind(lambda, SyntaxKind.ParamList)) return undefined;
  const first = lambda.children[0];
  return first && first.kind !== SyntaxKind.Keyword ? first : undefined;
}

export function isPattern(n: SyntaxNode): boolean {
  return n.kind === SyntaxKind.Paren || n.kind === SyntaxKind.Tuple;
}

/**
 * Names a pattern binds: bare names, names inside tuples/lists/constructor arguments, the name of a
 * type test (`case i64 v`). Not: constructors (`Some`), qualified variants (`Color.Red`), names that
 * start upper-case (constants and variants), named-argument labels, `_`.
 */
export function patternNames(result: ParseResult, pat: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const visit = (n: SyntaxNode): void => {
    switch (n.kind) {
      case SyntaxKind.NameRef: {
        const t = result.text.slice(n.start, n.end);
        if (t !== '_' && !/^[A-Z]/.test(t) && t !== 'nil' && t !== 'self') out.push(n);
        return;
      }
      case SyntaxKind.TypeTest: {
        const name = childOfKind(n, SyntaxKind.Name);
        if (name) out.push(name);
        return;
      }
      case SyntaxKind.Call: {
        const args = childOfKind(n, SyntaxKind.ArgList);
        if (args) for (const a of args.children) visit(a);
        return;
      }
      case SyntaxKind.Arg:
        for (const c of n.children) if (c.kind !== SyntaxKind.Name) visit(c);
        return;
      case SyntaxKind.Tuple:
      case SyntaxKind.Paren:
      case SyntaxKind.List:
      case SyntaxKind.Spread:
        for (const c of n.children) visit(c);
        return;
      case SyntaxKind.Binary: // or-patterns bind the same names on each side: take the left one
        visit(n.children[0]);
        return;
      case SyntaxKind.Dict:
      case SyntaxKind.SetLit:
        for (const e of n.children)
          visit(e.kind === SyntaxKind.DictEntry ? e.children[e.children.length - 1] : e);
        return;
    }
  };
  visit(pat);
  return out;
}

function typeParams(decl: SyntaxNode): Entry[] {
  const out: Entry[] = [];
  for (const p of childOfKind(decl, SyntaxKind.TypeParams)?.children ?? []) {
    const name = p.kind === SyntaxKind.TypeParam ? childOfKind(p, SyntaxKind.Name) : undefined;
    if (name) out.push({ name, role: 'typeParameter' });
  }
  return out;
}

/** `impl Point:` → Point; `impl Show for Point:` → Point. */
export function implTarget(result: ParseResult, impl: SyntaxNode): string | undefined {
  const types = impl.children.filter((c) => c.kind === SyntaxKind.TypeRef);
  const target = types[types.length - 1];
  const head = target?.children.find((c) => c.kind === SyntaxKind.NameRef);
  return head ? result.text.slice(head.start, head.end) : undefined;
}

/** The type an impl's outline name (`Show for Point<T>`, `Point`) adds to: Point. */
export function implTargetName(implName: string): string {
  const target = / for (.+)$/.exec(implName)?.[1] ?? implName;
  return target.replace(/[<[(].*$/, '').trim();
}

/** The trait an impl's outline name implements: `Show for Point` → Show; `Point` → undefined. */
export function implTraitName(implName: string): string | undefined {
  const m = /^(.+?) for /.exec(implName);
  return m ? m[1].replace(/[<[(].*$/, '').trim() : undefined;
}

function importItemOf(name: SyntaxNode): SyntaxNode | undefined {
  for (let p = name.parent; p; p = p.parent) {
    if (p.kind === SyntaxKind.ImportItem) return p;
    if (p.kind === SyntaxKind.Block || p.kind === SyntaxKind.Module) return undefined;
  }
  return undefined;
}

function span(n: SyntaxNode): TextSpan {
  return { start: n.start, end: n.end };
}

/** Fields, methods and variants of every type declared in the file (its body and its impls here). */
function typeMembers(model: FileModel): Map<string, Map<string, SyntaxNode>> {
  const result = model.result;
  const out = new Map<string, Map<string, SyntaxNode>>();
  const add = (typeName: string | undefined, body: SyntaxNode | undefined): void => {
    if (typeName === undefined || !body) return;
    let m = out.get(typeName);
    if (!m) out.set(typeName, (m = new Map()));
    for (const d of body.children) {
      const names =
        d.kind === SyntaxKind.VarDecl
          ? varNames(result, d)
          : MEMBERS.has(d.kind)
            ? [childOfKind(d, SyntaxKind.Name)].filter((x): x is SyntaxNode => x !== undefined)
            : [];
      for (const n of names) if (!m.has(model.text(n))) m.set(model.text(n), n);
    }
  };
  const stack: SyntaxNode[] = [result.root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    const isType = TYPE_DECLS.has(n.kind);
    const isImpl = n.kind === SyntaxKind.ImplDecl;
    if (isType) {
      const name = childOfKind(n, SyntaxKind.Name);
      add(name && model.text(name), childOfKind(n, SyntaxKind.Block));
    } else if (isImpl) add(implTarget(result, n), childOfKind(n, SyntaxKind.Block));
    const descend =
      n.kind === SyntaxKind.Module ||
      n.kind === SyntaxKind.Block ||
      n.kind === SyntaxKind.Error ||
      n.kind === SyntaxKind.BlockCall ||
      isType ||
      isImpl;
    if (descend) for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
  return out;
}

/** Is the declaration at `nameStart` a type (class, struct, enum, trait) in this file? */
export function isTypeDeclarationAt(result: ParseResult, nameStart: number): boolean {
  const n = nodeAt(result.root, nameStart);
  return n.kind === SyntaxKind.Name && n.parent !== undefined && TYPE_DECLS.has(n.parent.kind);
}
