// Members of core types (`text`, lists, dicts, Option, ...) that the server answers from its own prelude
// (types/prelude.ts, written to disk by workspace/prelude-file.ts) when no standard library declares
// them. The prelude is not the repository's code, so it gets no Document: its declarations are SCIP
// external symbols of their own package, `scip-simple . simple-core . text#len().`, named like the
// workspace's declarations (the chain of enclosing declarations; no module, since core types are
// everywhere), each with the signature and docstring hover shows. Every prelude declaration is written
// (a few hundred), not only those the documents use, so the index is the same whichever thread made
// which document.
import { parse } from '../language/parser';
import { buildOutline } from '../language/outline';
import { Field, field, kindOf, summarize, symbolAtName, type FileSummary } from '../language/summary';
import { preludeText } from '../types';
import { describeDecl } from '../workspace/hover-info';
import type { Place } from '../workspace/resolver';
import type { SourceView, Views } from '../workspace/views';
import { declDescriptors, type Descriptor, disambiguate, globalSymbol, type PackageId } from './symbols';

/** The package of core-type symbols: the same in every index, whatever the indexed package. */
export const CORE_PACKAGE: PackageId = { manager: '.', name: 'simple-core', version: '.' };

export class CoreSymbols {
  private readonly summary: FileSummary;
  private readonly view: SourceView;
  /** The symbol of each declaration of the prelude's summary. */
  readonly symbolNames: string[] = [];

  constructor(
    private readonly views: Views,
    /** Where the workspace wrote the prelude (core places carry this path); undefined: none written. */
    private readonly path: string | undefined,
  ) {
    const text = preludeText();
    const result = parse(text);
    const summary = (this.summary = summarize(result, text));
    this.view = {
      path: path ?? '<prelude>',
      id: undefined,
      root: -1,
      rel: 'simple-core',
      summary,
      text: () => text,
      parse: () => result,
      outline: () => buildOutline(result),
      open: true,
    };
    const chains: Descriptor[][] = [];
    const taken = new Set<string>();
    for (let i = 0; i < summary.names.length; i++) {
      const parent = field(summary, i, Field.Container);
      const prefix = parent >= 0 && parent < i ? chains[parent] : [];
      const own = [...prefix, ...declDescriptors(kindOf(summary, i), summary.names[i])];
      let descriptors = own;
      let symbol = globalSymbol(CORE_PACKAGE, own);
      for (let n = 2; taken.has(symbol); n++) {
        descriptors = disambiguate(own, n);
        symbol = globalSymbol(CORE_PACKAGE, descriptors);
      }
      taken.add(symbol);
      chains.push(descriptors);
      this.symbolNames.push(symbol);
    }
  }

  /** The external symbol a place in the prelude is, or undefined when it is not one. */
  symbolOf(place: Place): string | undefined {
    if (!place.core || place.path !== this.path) return undefined;
    const index = symbolAtName(this.summary, place.line, place.character);
    return index === undefined ? undefined : this.symbolNames[index];
  }

  /** What hover shows for a prelude declaration. */
  describe(index: number): ReturnType<typeof describeDecl> {
    return describeDecl(this.views, { view: this.view, index });
  }

  get names(): readonly string[] {
    return this.summary.names;
  }

  kind(index: number): ReturnType<typeof kindOf> {
    return kindOf(this.summary, index);
  }

  /** The enclosing declaration's symbol ('' at the top). */
  enclosing(index: number): string {
    const parent = field(this.summary, index, Field.Container);
    return parent >= 0 ? this.symbolNames[parent] : '';
  }
}
