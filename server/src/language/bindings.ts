// Every name of a file resolved in one walk: the same scope rules as scopes.ts (which answers for one
// cursor and may rescan a block per question), in time linear in the tree. Features that look at every
// name at once (semantic tokens, inlay hints) use this; a scope frame is pushed for each node that binds
// names and lookups walk the (short) frame stack.
//
// Beyond scopes.ts it binds a module alias (`import a.b as c` → `c`), the last segment of a bare module
// import (`use std.spec` → `spec`), and `elif val` patterns in their block.
import {
  armPattern,
  fatArrowParams,
  forTargets,
  implTarget,
  isDeclarationName,
  isPattern,
  patternNames,
  patternPart,
  statementsOf,
  varNames,
  withTargets,
} from './scopes';
import { childOfKind, SyntaxKind, SyntaxNode } from './syntax';
import type { ParseResult } from './types';

export interface Bindings {
  /** Use (NameRef, member Name) → declaring name node. Declaration names map to themselves. */
  target: Map<SyntaxNode, SyntaxNode>;
  /** Name nodes that declare a module (alias or bare import): their own role, not an item's. */
  modules: Set<SyntaxNode>;
}

const DECLARATIONS = new Set([
  SyntaxKind.FnDecl,
  SyntaxKind.ClassDecl,
  SyntaxKind.EnumDecl,
  SyntaxKind.TraitDecl,
  SyntaxKind.TypeAlias,
]);
const TYPES = new Set([SyntaxKind.ClassDecl, SyntaxKind.EnumDecl, SyntaxKind.TraitDecl]);
const MEMBERS = new Set([SyntaxKind.FnDecl, SyntaxKind.Field, SyntaxKind.Variant, SyntaxKind.TypeAlias]);

interface Frame {
  node: SyntaxNode;
  /** The child of `node` the walk is currently under. */
  child: SyntaxNode | undefined;
  find(text: string, use: SyntaxNode, child: SyntaxNode | undefined): SyntaxNode | undefined;
}

class BlockFrame implements Frame {
  child: SyntaxNode | undefined;
  /** The latest `val`/`var` binding of each name that ended before the walk's position (made on demand). */
  private before: Map<string, SyntaxNode> | undefined;
  /** Declarations and imports visible in the whole block (and, in a module, later values), in order. */
  private anywhere: Map<string, SyntaxNode[]> | undefined;
  constructor(readonly node: SyntaxNode) {}

  add(text: string, name: SyntaxNode): void {
    this.anywhere ??= new Map();
    const list = this.anywhere.get(text);
    if (list) list.push(name);
    else this.anywhere.set(text, [name]);
  }

  bind(text: string, name: SyntaxNode): void {
    (this.before ??= new Map()).set(text, name);
  }

  find(text: string, use: SyntaxNode): SyntaxNode | undefined {
    const b = this.before?.get(text);
    if (b) return b;
    const list = this.anywhere?.get(text);
    if (!list) return undefined;
    for (const n of list) {
      // A module value is visible above it only from code that runs later, never from its own
      // initializer; one that ended before the use is already in `before`.
      const stmt = varStatement(n);
      if (stmt && stmt.start <= use.start) continue;
      return n;
    }
    return undefined;
  }
}

/** A frame of names visible to every child except `hiddenFrom` children (a parameter list, a pattern). */
class NamesFrame implements Frame {
  child: SyntaxNode | undefined;
  constructor(
    readonly node: SyntaxNode,
    private readonly names: Map<string, SyntaxNode>,
    private readonly visible: (child: SyntaxNode | undefined) => boolean,
  ) {}
  find(text: string, _use: SyntaxNode, child: SyntaxNode | undefined): SyntaxNode | undefined {
    return this.visible(child) ? this.names.get(text) : undefined;
  }
}

/** The VarDecl a pattern or value name belongs to, when it is a binding of one. */
function varStatement(n: SyntaxNode): SyntaxNode | undefined {
  for (let p = n.parent; p; p = p.parent) {
    if (p.kind === SyntaxKind.VarDecl) return p;
    if (p.kind === SyntaxKind.Block || p.kind === SyntaxKind.Module) return undefined;
  }
  return undefined;
}

/** One resolution per parse: diagnostics, semantic tokens and inlay hints of a version share it. */
const resolved = new WeakMap<ParseResult, Bindings>();

export function resolveAll(result: ParseResult): Bindings {
  let bindings = resolved.get(result);
  if (bindings === undefined) {
    bindings = resolveFile(result);
    resolved.set(result, bindings);
  }
  return bindings;
}

function resolveFile(result: ParseResult): Bindings {
  const text = (n: SyntaxNode): string => result.text.slice(n.start, n.end);
  const target = new Map<SyntaxNode, SyntaxNode>();
  const modules = new Set<SyntaxNode>();
  const selfBinding = new Set<SyntaxNode>();
  const owners = new Map<SyntaxNode, BlockFrame[]>();
  const frames: Frame[] = [];
  const types: (string | undefined)[] = [];
  let members: Map<string, Map<string, SyntaxNode>> | undefined;

  const mapOf = (names: SyntaxNode[]): Map<string, SyntaxNode> => {
    const m = new Map<string, SyntaxNode>();
    for (const n of names) if (!m.has(text(n))) m.set(text(n), n);
    return m;
  };
  const patterns = (pats: (SyntaxNode | undefined)[]): SyntaxNode[] =>
    pats.flatMap((p) => (p ? patternNames(result, p) : []));

  const blockFrame = (node: SyntaxNode): BlockFrame => {
    const f = new BlockFrame(node);
    for (const stmt of statementsOf(node)) {
      if (stmt.kind === SyntaxKind.VarDecl) {
        const list = owners.get(stmt);
        if (list) list.push(f);
        else owners.set(stmt, [f]);
        if (node.kind === SyntaxKind.Module) for (const n of varNames(result, stmt)) f.add(text(n), n);
      } else if (DECLARATIONS.has(stmt.kind)) {
        const name = childOfKind(stmt, SyntaxKind.Name);
        if (name) f.add(text(name), name);
      } else if (stmt.kind === SyntaxKind.UseDecl || stmt.kind === SyntaxKind.ExportDecl) {
        for (const n of importedNames(stmt)) f.add(text(n), n);
      }
    }
    return f;
  };

  /** Names an import binds: items (their alias if any), a module alias, a bare module's last segment. */
  const importedNames = (decl: SyntaxNode): SyntaxNode[] => {
    const out: SyntaxNode[] = [];
    const stack = [decl];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (n.kind === SyntaxKind.ImportItem) {
        const names = n.children.filter((c) => c.kind === SyntaxKind.Name);
        if (names.length > 0) out.push(names[names.length - 1]);
        continue;
      }
      if (n.kind === SyntaxKind.UseDecl) {
        const alias = aliasName(n);
        const path = childOfKind(n, SyntaxKind.ImportPath);
        const bare =
          path &&
          !childOfKind(path, SyntaxKind.ImportList) &&
          !childOfKind(path, SyntaxKind.ImportGlob) &&
          !childOfKind(n, SyntaxKind.ImportList) &&
          !childOfKind(n, SyntaxKind.ImportGlob);
        const segs = path ? path.children.filter((c) => c.kind === SyntaxKind.Name) : [];
        const bound = alias ?? (bare ? segs[segs.length - 1] : undefined);
        if (bound) {
          out.push(bound);
          modules.add(bound);
          target.set(bound, bound);
        }
      }
      for (const c of n.children) stack.push(c);
    }
    return out;
  };

  const aliasName = (use: SyntaxNode): SyntaxNode | undefined => {
    const i = use.children.findIndex((c) => c.kind === SyntaxKind.Keyword && text(c) === 'as');
    const n = i >= 0 ? use.children[i + 1] : undefined;
    return n?.kind === SyntaxKind.Name ? n : undefined;
  };

  const scopeFrame = (n: SyntaxNode): Frame | undefined => {
    switch (n.kind) {
      case SyntaxKind.Module:
      case SyntaxKind.Block:
        return blockFrame(n);
      case SyntaxKind.FnDecl:
      case SyntaxKind.Lambda: {
        const params = childOfKind(n, SyntaxKind.ParamList);
        if (params) {
          const names: SyntaxNode[] = [];
          for (const p of params.children) {
            const name = childOfKind(p, SyntaxKind.Name);
            if (name) names.push(name);
            else names.push(...patterns(p.children.filter(isPattern)));
          }
          return new NamesFrame(n, mapOf(names), (c) => c !== params);
        }
        const arrow = fatArrowParams(n);
        if (!arrow) return undefined;
        const names = patterns([arrow]);
        for (const x of names) selfBinding.add(x);
        return new NamesFrame(n, mapOf(names), (c) => c !== arrow);
      }
      case SyntaxKind.For:
      case SyntaxKind.CompFor: {
        const targets = forTargets(n);
        const names = patterns(targets);
        for (const x of names) selfBinding.add(x);
        return new NamesFrame(n, mapOf(names), (c) => c === undefined || !targets.includes(c));
      }
      case SyntaxKind.Comprehension: {
        const fors = n.children.filter((c) => c.kind === SyntaxKind.CompFor);
        return new NamesFrame(n, mapOf(patterns(fors.flatMap(forTargets))), () => true);
      }
      case SyntaxKind.MatchArm: {
        const pat = armPattern(n);
        const names = patterns([pat]);
        for (const x of names) selfBinding.add(x);
        return new NamesFrame(n, mapOf(names), (c) => c !== pat);
      }
      case SyntaxKind.With: {
        const targets = withTargets(n);
        const names = patterns(targets);
        for (const x of names) selfBinding.add(x);
        return new NamesFrame(n, mapOf(names), (c) => c === undefined || !targets.includes(c));
      }
      case SyntaxKind.If:
      case SyntaxKind.While:
      case SyntaxKind.ElseClause: {
        const cond = n.children[1];
        if (!cond || cond.kind !== SyntaxKind.VarDecl) return undefined;
        const names = patterns([patternPart(cond)]);
        return new NamesFrame(
          n,
          mapOf(names),
          (c) => c !== undefined && c !== cond && c.kind === SyntaxKind.Block,
        );
      }
    }
    return undefined;
  };

  const lookup = (name: string, use: SyntaxNode): SyntaxNode | undefined => {
    for (let i = frames.length - 1; i >= 0; i--) {
      const f = frames[i];
      const found = f.find(name, use, f.child);
      if (found) return found;
    }
    return undefined;
  };

  const memberOf = (typeName: string, member: string): SyntaxNode | undefined => {
    members ??= typeMembers(result, text);
    return members.get(typeName)?.get(member);
  };

  const resolveMember = (member: SyntaxNode, name: SyntaxNode): SyntaxNode | undefined => {
    const receiver = member.children[0];
    if (receiver.kind !== SyntaxKind.NameRef) return undefined;
    let typeName: string | undefined;
    if (text(receiver) === 'self') typeName = types[types.length - 1];
    else {
      const decl = target.get(receiver)?.parent;
      if (decl && TYPES.has(decl.kind)) typeName = text(target.get(receiver)!);
    }
    return typeName === undefined ? undefined : memberOf(typeName, text(name));
  };

  const visit = (n: SyntaxNode): void => {
    const parent = n.parent;
    if (n.kind === SyntaxKind.Name) {
      if (parent?.kind === SyntaxKind.Member && parent.children[0] !== n) {
        const m = resolveMember(parent, n);
        if (m) target.set(n, m);
      } else if (isDeclarationName(n)) target.set(n, n);
    } else if (n.kind === SyntaxKind.NameRef) {
      if (selfBinding.has(n)) target.set(n, n);
      else {
        const found = lookup(text(n), n);
        if (found) target.set(n, found);
      }
    }
  };

  const stack: SyntaxNode[] = [result.root];
  const exiting: boolean[] = [false];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (exiting.pop()) {
      if (n.kind === SyntaxKind.VarDecl) {
        for (const f of owners.get(n) ?? []) for (const name of varNames(result, n)) f.bind(text(name), name);
      }
      if (frames.length > 0 && frames[frames.length - 1].node === n) frames.pop();
      if (TYPES.has(n.kind) || n.kind === SyntaxKind.ImplDecl) types.pop();
      continue;
    }
    const top = frames[frames.length - 1];
    if (top && top.node === n.parent) top.child = n;
    if (n.kind === SyntaxKind.VarDecl) {
      const pat = patternPart(n);
      if (pat && pat.kind !== SyntaxKind.Name) for (const x of patternNames(result, pat)) selfBinding.add(x);
    }
    visit(n);
    const frame = scopeFrame(n);
    if (frame) frames.push(frame);
    if (TYPES.has(n.kind)) {
      const name = childOfKind(n, SyntaxKind.Name);
      types.push(name ? text(name) : undefined);
    } else if (n.kind === SyntaxKind.ImplDecl) types.push(implTarget(result, n));
    stack.push(n);
    exiting.push(true);
    for (let i = n.children.length - 1; i >= 0; i--) {
      stack.push(n.children[i]);
      exiting.push(false);
    }
  }
  return { target, modules };
}

/** Fields, methods and variants of every type declared in the file (its body and its impls here). */
function typeMembers(
  result: ParseResult,
  text: (n: SyntaxNode) => string,
): Map<string, Map<string, SyntaxNode>> {
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
      for (const n of names) if (!m.has(text(n))) m.set(text(n), n);
    }
  };
  const stack: SyntaxNode[] = [result.root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    const isType = TYPES.has(n.kind);
    const isImpl = n.kind === SyntaxKind.ImplDecl;
    if (isType) {
      const name = childOfKind(n, SyntaxKind.Name);
      add(name && text(name), childOfKind(n, SyntaxKind.Block));
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
