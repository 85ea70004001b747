// SCIP symbol strings (the grammar in scip.proto's `Symbol` message): a scheme, a package (manager,
// name, version) and descriptors for global symbols; `local <id>` for names no other document can see.
// Every declaration of the workspace gets one name, built only from what is stable across runs and
// machines: the package, the module name of its file, and the chain of declarations that contain it.
import { implTargetName, implTraitName } from '../language/model';
import { SymbolKind } from '../language/types';

export const SCHEME = 'scip-simple';

export interface PackageId {
  /** '.' (SCIP's placeholder) when unknown. */
  manager: string;
  name: string;
  version: string;
}

/** One descriptor of a global symbol. */
export type Descriptor =
  | { suffix: 'namespace' | 'type' | 'term' | 'meta'; name: string }
  | { suffix: 'method'; name: string; disambiguator?: string }
  | { suffix: 'typeParameter' | 'parameter'; name: string };

const SIMPLE = /^[A-Za-z0-9_+\-$]+$/;

/** A descriptor name: as written when it is a simple identifier, else in backticks (doubled inside). */
export function escapeName(name: string): string {
  if (SIMPLE.test(name)) return name;
  return '`' + name.replace(/`/g, '``') + '`';
}

/** A package part: spaces doubled, '.' when empty. */
function escapePart(part: string): string {
  return part === '' ? '.' : part.replace(/ /g, '  ');
}

export function formatDescriptor(d: Descriptor): string {
  const name = escapeName(d.name);
  switch (d.suffix) {
    case 'namespace':
      return `${name}/`;
    case 'type':
      return `${name}#`;
    case 'term':
      return `${name}.`;
    case 'meta':
      return `${name}:`;
    case 'method':
      return `${name}(${d.disambiguator ?? ''}).`;
    case 'typeParameter':
      return `[${name}]`;
    case 'parameter':
      return `(${name})`;
  }
}

export function formatDescriptors(descriptors: readonly Descriptor[]): string {
  let out = '';
  for (const d of descriptors) out += formatDescriptor(d);
  return out;
}

/** A global symbol: scheme and package, then the descriptors (with none: the prefix of every symbol). */
export function globalSymbol(pkg: PackageId, descriptors: readonly Descriptor[]): string {
  const head = [SCHEME, pkg.manager, pkg.name, pkg.version].map(escapePart).join(' ');
  return `${head} ${formatDescriptors(descriptors)}`;
}

export function localSymbol(id: number): string {
  return `local ${id}`;
}

export function isLocalSymbol(symbol: string): boolean {
  return symbol.startsWith('local ');
}

/** The namespaces of a dotted module name (`app.util` → `app/util/`); the file path when it has none. */
export function moduleDescriptors(moduleName: string, rel: string): Descriptor[] {
  const parts = moduleName.split('.').filter((p) => p !== '');
  if (parts.length === 0) parts.push(rel);
  return parts.map((name) => ({ suffix: 'namespace', name }));
}

/**
 * The descriptor a declaration adds to its container's: types `T#`, callables `f().`, values, fields
 * and variants `x.`, test blocks `name:`. An impl is `impl#` followed by its type and trait as type
 * parameters (`impl#[Point][Show]`), so methods of different impls of one type stay apart.
 */
export function declDescriptors(kind: SymbolKind, name: string): Descriptor[] {
  switch (kind) {
    case SymbolKind.Class:
    case SymbolKind.Struct:
    case SymbolKind.Enum:
    case SymbolKind.Trait:
    case SymbolKind.TypeAlias:
      return [{ suffix: 'type', name }];
    case SymbolKind.Function:
    case SymbolKind.Method:
      return [{ suffix: 'method', name }];
    case SymbolKind.Impl: {
      const out: Descriptor[] = [
        { suffix: 'type', name: 'impl' },
        { suffix: 'typeParameter', name: implTargetName(name) || name },
      ];
      const trait = implTraitName(name);
      if (trait) out.push({ suffix: 'typeParameter', name: trait });
      return out;
    }
    case SymbolKind.TestSuite:
    case SymbolKind.TestCase:
      return [{ suffix: 'meta', name }];
    case SymbolKind.Module:
      return [{ suffix: 'namespace', name }];
    default:
      return [{ suffix: 'term', name }];
  }
}

/**
 * Makes `descriptors` name a symbol no earlier declaration took: the second declaration of a callable
 * becomes `f(+2).`, of anything else gains a `+2:` descriptor. Deterministic in the order of calls.
 */
export function disambiguate(descriptors: Descriptor[], n: number): Descriptor[] {
  const last = descriptors[descriptors.length - 1];
  if (last.suffix === 'method') return [...descriptors.slice(0, -1), { ...last, disambiguator: `+${n}` }];
  return [...descriptors, { suffix: 'meta', name: `+${n}` }];
}
