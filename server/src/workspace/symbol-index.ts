// The workspace's index: one summary per file (packed symbols, imports, exports) and a name table from
// each declared name to its symbols. A symbol is addressed by (file id, index in its file), packed in
// one number. The index holds no file text.
import { type FileSummary, Field, field, SymbolFlag } from '../language/summary';

export interface IndexedFile {
  /** The file store's id for the path. */
  id: number;
  path: string;
  root: number;
  /** Relative to its root, '/'-separated. */
  rel: string;
  size: number;
  mtimeMs: number;
  summary: FileSummary;
}

const FILE_SHIFT = 2 ** 21;

export function symbolRef(fileId: number, index: number): number {
  return fileId * FILE_SHIFT + index;
}

export function refFile(ref: number): number {
  return Math.floor(ref / FILE_SHIFT);
}

export function refIndex(ref: number): number {
  return ref % FILE_SHIFT;
}

/** Up to this many refs a name keeps a plain array; past it, a set (removal in O(1)). */
const SMALL = 8;

/**
 * The symbols declared with one name, in the order they were added. Few refs: an array. Many (a common
 * name such as `new` declared in thousands of files): an insertion-ordered set, so replacing one file
 * costs what that file declares, not what the workspace declares; the array callers see is rebuilt from
 * the set on demand.
 */
class NameEntry {
  private list: number[];
  private set: Set<number> | undefined;
  private listStale = false;

  constructor(
    readonly name: string,
    ref: number,
  ) {
    this.list = [ref];
  }

  get size(): number {
    return this.set ? this.set.size : this.list.length;
  }

  add(ref: number): void {
    if (this.set) {
      this.set.add(ref);
      this.listStale = true;
    } else {
      this.list.push(ref);
      if (this.list.length > SMALL) this.set = new Set(this.list);
    }
  }

  remove(ref: number): void {
    if (this.set) {
      if (this.set.delete(ref)) this.listStale = true;
      return;
    }
    // A new array (at most SMALL refs): one a caller still holds stays as it was.
    this.list = this.list.filter((r) => r !== ref);
  }

  refs(): readonly number[] {
    if (this.listStale) {
      this.list = [...this.set!];
      this.listStale = false;
    }
    return this.list;
  }
}

export class SymbolIndex {
  private readonly files = new Map<number, IndexedFile>();
  private readonly byPath = new Map<string, number>();
  /** Declared name → symbol refs. */
  private readonly byName = new Map<string, NameEntry>();
  /**
   * Files installed by setUnlinked() whose names are not in byName yet, in installation order. Whatever
   * reads or changes byName links them first (link()), so answers are those of set() in the same order.
   */
  private unlinked: IndexedFile[] = [];
  private linkedUpTo = 0;
  /** Bumped by every change: caches keyed on it (module trees, resolutions) know they are stale. */
  generation = 0;
  /** Bumped when files are added or removed (the module tree changes). */
  treeGeneration = 0;

  get size(): number {
    return this.files.size;
  }

  get nameCount(): number {
    this.link();
    return this.byName.size;
  }

  file(id: number): IndexedFile | undefined {
    return this.files.get(id);
  }

  fileByPath(path: string): IndexedFile | undefined {
    const id = this.byPath.get(path);
    return id === undefined ? undefined : this.files.get(id);
  }

  allFiles(): IterableIterator<IndexedFile> {
    return this.files.values();
  }

  /** Adds or replaces a file's summary. */
  set(file: IndexedFile): void {
    this.link();
    const old = this.files.get(file.id);
    if (old) this.unlinkNames(old);
    else this.treeGeneration++;
    this.linkNames(file);
    this.files.set(file.id, file);
    this.byPath.set(file.path, file.id);
    this.generation++;
  }

  /**
   * Adds a file that is not in the index yet, leaving its names to be linked later (linkSome(), or the
   * first name lookup): a warm start installs 20,000 cached summaries this way before `index ready`.
   */
  setUnlinked(file: IndexedFile): void {
    if (this.files.has(file.id)) return this.set(file);
    this.treeGeneration++;
    this.unlinked.push(file);
    this.files.set(file.id, file);
    this.byPath.set(file.path, file.id);
    this.generation++;
  }

  /** Links unlinked files for about `budgetMs`; returns whether some are left. */
  linkSome(budgetMs: number): boolean {
    const t0 = performance.now();
    while (this.linkedUpTo < this.unlinked.length) {
      this.linkNames(this.unlinked[this.linkedUpTo++]);
      if ((this.linkedUpTo & 63) === 0 && performance.now() - t0 > budgetMs) break;
    }
    if (this.linkedUpTo < this.unlinked.length) return true;
    this.unlinked = [];
    this.linkedUpTo = 0;
    return false;
  }

  /** Links every unlinked file (before byName is read or changed). */
  private link(): void {
    if (this.unlinked.length > 0) this.linkSome(Infinity);
  }

  private linkNames(file: IndexedFile): void {
    const names = file.summary.names;
    for (let i = 0; i < names.length; i++) {
      const ref = symbolRef(file.id, i);
      // One lookup both finds the name's symbols and interns the string (the entry keeps the first copy).
      const entry = this.byName.get(names[i]);
      if (entry) {
        names[i] = entry.name;
        entry.add(ref);
      } else {
        this.byName.set(names[i], new NameEntry(names[i], ref));
      }
    }
  }

  delete(id: number): IndexedFile | undefined {
    this.link();
    const old = this.files.get(id);
    if (!old) return undefined;
    this.unlinkNames(old);
    this.files.delete(id);
    this.byPath.delete(old.path);
    this.generation++;
    this.treeGeneration++;
    return old;
  }

  /** Removes the file's refs: one removal per symbol it declares, whatever the size of the workspace. */
  private unlinkNames(file: IndexedFile): void {
    const names = file.summary.names;
    for (let i = 0; i < names.length; i++) {
      const entry = this.byName.get(names[i]);
      if (!entry) continue;
      entry.remove(symbolRef(file.id, i));
      if (entry.size === 0) this.byName.delete(names[i]);
    }
  }

  /** Every symbol declared with this name. */
  named(name: string): readonly number[] {
    this.link();
    return this.byName.get(name)?.refs() ?? [];
  }

  names(): IterableIterator<string> {
    this.link();
    return this.byName.keys();
  }

  private table: { generation: number; names: string[]; lower: string[] } | undefined;

  /** Every declared name with its lower-case form, as arrays (rebuilt after a change, on demand). */
  nameTable(): { names: readonly string[]; lower: readonly string[] } {
    this.link();
    if (this.table?.generation !== this.generation) {
      const names = [...this.byName.keys()];
      this.table = { generation: this.generation, names, lower: names.map((n) => n.toLowerCase()) };
    }
    return this.table;
  }

  /** Top-level symbols of a file with this name. */
  topLevel(fileId: number, name: string): number[] {
    const file = this.files.get(fileId);
    if (!file) return [];
    const out: number[] = [];
    const s = file.summary;
    for (let i = 0; i < s.names.length; i++) {
      if (s.names[i] === name && field(s, i, Field.Flags) & SymbolFlag.TopLevel)
        out.push(symbolRef(fileId, i));
    }
    return out;
  }

  symbolCount(): number {
    let n = 0;
    for (const f of this.files.values()) n += f.summary.names.length;
    return n;
  }
}
