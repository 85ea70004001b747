// textDocument/completion and completionItem/resolve (analysis/completion.ts): convert in, ask, convert out.
// Items carry signatures as `detail`; docstrings come on resolve.
import {
  type CancellationToken,
  type CompletionItem,
  CompletionItemKind,
  CompletionItemTag,
  type CompletionList,
  type CompletionOptions,
  InsertTextFormat,
  InsertTextMode,
  type MarkupContent,
  type Range,
} from 'vscode-languageserver';
import * as analysis from '../analysis';
import type { CandidateKind } from '../language/completion';
import type { Snippet } from '../language/completion-words';
import { toRange } from '../lsp/convert';
import type { LineIndex, PositionEncoding } from '../lsp/line-index';
import { documentKey } from '../lsp/uri';
import { analysisOf, cancellable, type FeatureContext, positionRequest } from './document';

export const COMPLETION_OPTIONS: CompletionOptions = {
  triggerCharacters: ['.'],
  resolveProvider: true,
};

export interface CompletionClient {
  /** The client accepts snippet syntax in insert texts. */
  snippets: boolean;
}

/** What completionItem/resolve needs to find the item's declaration again. */
interface ItemData {
  uri: string;
  /** A declaration in the document itself: its name's offset. */
  offset?: number;
  /** A declaration elsewhere: file and symbol index in its summary. */
  path?: string;
  index?: number;
}

const KIND: Record<CandidateKind, CompletionItemKind> = {
  function: CompletionItemKind.Function,
  method: CompletionItemKind.Method,
  class: CompletionItemKind.Class,
  struct: CompletionItemKind.Struct,
  enum: CompletionItemKind.Enum,
  enumMember: CompletionItemKind.EnumMember,
  trait: CompletionItemKind.Interface,
  typeAlias: CompletionItemKind.Class,
  typeParameter: CompletionItemKind.TypeParameter,
  field: CompletionItemKind.Field,
  variable: CompletionItemKind.Variable,
  constant: CompletionItemKind.Constant,
  parameter: CompletionItemKind.Variable,
  module: CompletionItemKind.Module,
  folder: CompletionItemKind.Folder,
  keyword: CompletionItemKind.Keyword,
  snippet: CompletionItemKind.Snippet,
  import: CompletionItemKind.Reference,
};

export function completion(
  ctx: FeatureContext,
  params: unknown,
  token: CancellationToken,
  client: CompletionClient,
): CompletionList | null {
  const req = positionRequest(ctx, params, token);
  if (req === undefined) return null;
  const { doc, encoding } = req.parsed;
  const found = cancellable(token, (signal) => analysis.completion(req.analysis, req.at, signal));
  if (!found) return null;
  if (found.kind === 'none') return { isIncomplete: false, items: [] };
  const range = toRange(doc.lines, found.prefix, encoding);
  const items = found.candidates.map((c) =>
    toItem(c, analysis.sortKey(found, c.rank, c.label, c.fit), range, doc.uri, doc.lines, encoding),
  );
  for (const k of found.keywords)
    items.push(keywordItem(k, analysis.sortKey(found, 'keyword', k, found.keywordFits?.[k]), range));
  if (client.snippets)
    for (const s of found.snippets)
      items.push(snippetItem(s, analysis.sortKey(found, 'snippet', s.label), range));
  return { isIncomplete: found.incomplete, items: dedupe(items) };
}

export function resolveCompletion(ctx: FeatureContext, params: unknown): CompletionItem {
  const item = params as CompletionItem;
  if (item === null || typeof item !== 'object' || typeof item.label !== 'string') return item;
  const data = item.data as ItemData | undefined;
  if (!data || typeof data.uri !== 'string') return item;
  const target: analysis.CompletionTarget | undefined =
    typeof data.offset === 'number'
      ? { file: documentKey(data.uri), offset: data.offset }
      : typeof data.path === 'string' && typeof data.index === 'number'
        ? { file: data.path, index: data.index }
        : undefined;
  const info = target && analysis.resolveCompletion(analysisOf(ctx), target);
  if (info) {
    item.detail ??= info.detail;
    if (info.documentation) item.documentation = markdown(info.documentation);
  }
  return item;
}

function toItem(
  c: analysis.CompletionCandidate,
  sortText: string,
  range: Range,
  uri: string,
  lines: LineIndex,
  encoding: PositionEncoding,
): CompletionItem {
  const item: CompletionItem = {
    label: c.label,
    kind: KIND[c.kind],
    sortText,
    textEdit: { range, newText: c.label },
  };
  if (c.detail !== undefined) item.detail = c.detail;
  if (c.deprecated) item.tags = [CompletionItemTag.Deprecated];
  if (c.from !== undefined) {
    item.labelDetails = { description: c.from };
    item.detail = `use ${c.from}.{${c.label}}`;
  }
  if (c.edit)
    item.additionalTextEdits = [{ range: toRange(lines, c.edit, encoding), newText: c.edit.newText }];
  const data: ItemData | undefined = c.target
    ? { uri, path: c.target.path, index: c.target.index }
    : c.declOffset !== undefined
      ? { uri, offset: c.declOffset }
      : undefined;
  if (data) item.data = data;
  return item;
}

function keywordItem(word: string, sortText: string, range: Range): CompletionItem {
  return {
    label: word,
    kind: CompletionItemKind.Keyword,
    sortText,
    textEdit: { range, newText: word },
  };
}

function snippetItem(s: Snippet, sortText: string, range: Range): CompletionItem {
  return {
    label: s.label,
    kind: CompletionItemKind.Snippet,
    detail: s.detail,
    sortText,
    filterText: s.label,
    insertTextFormat: InsertTextFormat.Snippet,
    insertTextMode: InsertTextMode.adjustIndentation,
    textEdit: { range, newText: s.body },
  };
}

/** One item per label and kind (a name visible twice, a keyword that is also a builtin). */
function dedupe(items: CompletionItem[]): CompletionItem[] {
  const seen = new Set<string>();
  return items.filter((i) => {
    const key = `${i.label}\u0000${i.kind}\u0000${i.labelDetails?.description ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function markdown(value: string): MarkupContent {
  return { kind: 'markdown', value };
}
