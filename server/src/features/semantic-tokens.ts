// textDocument/semanticTokens/full, /full/delta and /range. The classification is analysis/semantic-tokens.ts;
// this file encodes it (lsp/semantic-tokens.ts) and remembers the last full result per document (per
// session) so a delta request can answer with the edit from that result.
import type {
  CancellationToken,
  SemanticTokens,
  SemanticTokensDelta,
  SemanticTokensOptions,
} from 'vscode-languageserver';
import * as analysis from '../analysis';
import { encodeSemanticTokens, SEMANTIC_LEGEND, semanticTokensEdits } from '../lsp/semantic-tokens';
import { requireRange, requireUri } from '../lsp/params';
import { type DocumentRequest, documentRequest, type FeatureContext, throwIfCancelled } from './document';

export const SEMANTIC_TOKENS_OPTIONS: SemanticTokensOptions = {
  legend: SEMANTIC_LEGEND,
  full: { delta: true },
  range: true,
};

interface Previous {
  resultId: string;
  data: number[];
}

export class SemanticTokensFeature {
  /** The last full (or delta) result sent for each document. */
  private readonly previous = new Map<string, Previous>();
  private nextId = 1;

  constructor(private readonly ctx: FeatureContext) {}

  full(params: unknown, token: CancellationToken): SemanticTokens | null {
    const target = documentRequest(this.ctx, params, token);
    if (target === undefined) return null;
    const data = this.encode(target, token);
    return { resultId: this.remember(target.parsed.doc.uri, data), data };
  }

  delta(params: unknown, token: CancellationToken): SemanticTokens | SemanticTokensDelta | null {
    const uri = requireUri(params);
    const previousId = (params as { previousResultId?: unknown }).previousResultId;
    const before = this.previous.get(uri);
    const target = documentRequest(this.ctx, params, token);
    if (target === undefined) return null;
    const data = this.encode(target, token);
    const resultId = this.remember(uri, data);
    if (before === undefined || before.resultId !== previousId) return { resultId, data };
    return { resultId, edits: semanticTokensEdits(before.data, data) };
  }

  range(params: unknown, token: CancellationToken): SemanticTokens | null {
    requireUri(params);
    const range = requireRange((params as { range?: unknown }).range, 'params.range');
    const target = documentRequest(this.ctx, params, token);
    if (target === undefined) return null;
    const { doc, encoding } = target.parsed;
    const span = {
      start: doc.lines.offsetAt(range.start, encoding),
      end: doc.lines.offsetAt(range.end, encoding),
    };
    return { data: this.encode(target, token, span) };
  }

  private encode(
    { analysis: a, file, parsed }: DocumentRequest,
    token: CancellationToken,
    range?: { start: number; end: number },
  ): number[] {
    const tokens = analysis.semanticTokens(a, file, range) ?? [];
    throwIfCancelled(token);
    return encodeSemanticTokens(parsed.doc.lines, tokens, parsed.encoding);
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
