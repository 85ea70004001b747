// Type hierarchy: the type or trait under the cursor, the traits a type implements, and the types that
// implement a trait, across files (workspace/type-hierarchy.ts; the rules are in types/hierarchy.ts). An
// item is named by its declaration's file and name offset, and found again from those on each follow-up
// request (the index may have changed meanwhile).
import { type Place } from '../workspace/resolver';
import { subtypes as subtypesOf, supertypes as supertypesOf, typesAt } from '../workspace/type-hierarchy';
import type { Analysis } from './analysis';
import { type CallItem, item } from './call-hierarchy';
import type { FilePosition } from './file-range';

/** A type or trait in the hierarchy: shaped like a call item (name, kind, the name's range, the file). */
export type TypeItem = CallItem;

/** The types at the cursor; undefined when the file is not in the snapshot. */
export function prepareTypeHierarchy(a: Analysis, at: FilePosition): TypeItem[] | undefined {
  const view = a.view(at.file);
  if (!view) return undefined;
  return typesAt(a.resolver, view, at.offset).map((p) => item(a, p));
}

/** The traits the item named by `at` implements; undefined when it is no longer a type. */
export function supertypes(a: Analysis, at: FilePosition): TypeItem[] | undefined {
  const type = typeOf(a, at);
  return type && supertypesOf(a.resolver, type).map((p) => item(a, p));
}

/** The types implementing the trait named by `at`; undefined when it is no longer a type. */
export function subtypes(a: Analysis, at: FilePosition, signal?: AbortSignal): TypeItem[] | undefined {
  const trait = typeOf(a, at);
  return trait && subtypesOf(a.resolver, trait, signal).map((p) => item(a, p));
}

function typeOf(a: Analysis, at: FilePosition): Place | undefined {
  const view = a.view(at.file);
  return view && typesAt(a.resolver, view, at.offset)[0];
}
