// textDocument/semanticTokens/full, /full/delta and /range. The classification is language/semantic-tokens.ts;
// this file encodes it and remembers the last full result per document (per session) so a delta request
// can answer with the edit from that result. Names imported from other files are classified through
// `imported`, which the workspace provides (undefined: by the syntax of their use).
import type {
  CancellationToken,
  SemanticTokens,
  SemanticTokensDelta,
  SemanticTokensOptions,
} from 'vscode-languageserver';
import { type ImportedKind, semanticTokens } from '../language';
import { encodeSemanticTokens, SEMANTIC_LEGEND, semanticTokensEdits } from '../lsp/semantic-tokens';
import { requireRange, requireUri } from '../lsp/params';
import { type FeatureContext, type ParsedDocument, parsedDocument, throwIfCancelled } from './document';

export const SEMANTIC_TOKENS_OPTIONS: SemanticTokensOptions = {
  legend: SEMANTIC_LEGEND,
  full: { delta: true },
  range: true,
};

/** How names a document imports are classified; the lead's workspace index answers this. */
export type ImportedKindFor = (uri: string) => ImportedKind | undefined;

interface Previous {
  resultId: string;
  data: number[];
}

export class SemanticTokensFeature {
  /** The last full (or delta) result sent for each document. */
  private readonly previous = new Map<string, Previous>();
  private nextId = 1;

  constructor(
    private readonly ctx: FeatureContext,
    private readonly importedFor: ImportedKindFor = () => undefined,
  ) {}

  full(params: unknown, token: CancellationToken): SemanticTokens | null {
    const target = parsedDocument(this.ctx, params, token);
    if (target === undefined) return null;
    const data = this.encode(target, token);
    return { resultId: this.remember(target.doc.uri, data), data };
  }

  delta(params: unknown, token: CancellationToken): SemanticTokens | SemanticTokensDelta | null {
    const uri = requireUri(params);
    const previousId = (params as { previousResultId?: unknown }).previousResultId;
    const before = this.previous.get(uri);
    const target = parsedDocument(this.ctx, params, token);
    if (target === undefined) return null;
    const data = this.encode(target, token);
    const resultId = this.remember(uri, data);
    if (before === undefined || before.resultId !== previousId) return { resultId, data };
    return { resultId, edits: semanticTokensEdits(before.data, data) };
  }

  range(params: unknown, token: CancellationToken): SemanticTokens | null {
    requireUri(params);
    const range = requireRange((params as { range?: unknown }).range, 'params.range');
    const target = parsedDocument(this.ctx, params, token);
    if (target === undefined) return null;
    const { doc, encoding } = target;
    const span = {
      start: doc.lines.offsetAt(range.start, encoding),
      end: doc.lines.offsetAt(range.end, encoding),
    };
    return { data: this.encode(target, token, span) };
  }

  private encode(
    { doc, result, encoding }: ParsedDocument,
    token: CancellationToken,
    range?: { start: number; end: number },
  ): number[] {
    const tokens = semanticTokens(result, { imported: this.importedFor(doc.uri), range });
    throwIfCancelled(token);
    return encodeSemanticTokens(doc.lines, tokens, encoding);
  }

  private remember(uri: string, data: number[]): string {
    // Forget documents that are no longer open (closed ones never get a delta request that could match).
    for (const known of this.previous.keys())
      if (this.ctx.documents.get(known) === undefined) this.previous.delete(known);
    const resultId = String(this.nextId++);
    this.previous.set(uri, { resultId, data });
    return resultId;
  }
}
