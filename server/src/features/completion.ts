// textDocument/completion and completionItem/resolve. The cursor's context and the names of the file come
// from language/completion.ts (on a parse with a placeholder at the cursor, so the broken line being typed
// works); with a workspace, workspace/completion.ts adds what other files provide and auto-imports. Items
// carry signatures as `detail`; docstrings come on resolve.
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
import { hoverAt } from '../language';
import { analyseCompletion, type CandidateKind } from '../language/completion';
import type { Snippet } from '../language/completion-words';
import { toRange } from '../lsp/convert';
import type { LineIndex, PositionEncoding } from '../lsp/line-index';
import { type WorkspaceCandidate, workspaceCompletion } from '../workspace/completion';
import { describeDecl } from '../workspace/hover-info';
import { type FeatureContext, signalOf, throwIfCancelled } from './document';
import { documentPosition, navigation } from './workspace-context';

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
  const request = documentPosition(ctx, params, token);
  if (request === undefined) return null;
  const { uri, offset, nav, view } = request;
  const { doc, result, encoding } = request.parsed;
  const analysis = analyseCompletion(result, offset);
  throwIfCancelled(token);
  const site = analysis.site;
  if (site.kind === 'none') return { isIncomplete: false, items: [] };
  const { candidates, incomplete } = workspaceCompletion(nav.views, nav.resolver, view, analysis, {
    signal: signalOf(token),
  });
  throwIfCancelled(token);
  const range = toRange(doc.lines, site.prefix, encoding);
  const items = candidates.map((c) => toItem(c, range, uri, doc.lines, encoding));
  if (site.kind === 'name') {
    for (const k of site.words.keywords) items.push(keywordItem(k, range));
    if (client.snippets) for (const s of site.words.snippets) items.push(snippetItem(s, range));
  }
  return { isIncomplete: incomplete, items: dedupe(items) };
}

export function resolveCompletion(ctx: FeatureContext, params: unknown): CompletionItem {
  const item = params as CompletionItem;
  if (item === null || typeof item !== 'object' || typeof item.label !== 'string') return item;
  const data = item.data as ItemData | undefined;
  if (!data || typeof data.uri !== 'string') return item;
  if (typeof data.offset === 'number') {
    const doc = ctx.documents.get(data.uri);
    const info = doc && hoverAt(doc.parse(), data.offset);
    if (info) {
      item.detail ??= info.signature;
      if (info.doc) item.documentation = markdown(info.doc);
    }
    return item;
  }
  if (typeof data.path === 'string' && typeof data.index === 'number') {
    const nav = navigation(ctx);
    const view = nav.views.byPath(data.path);
    if (!view || data.index < 0 || data.index >= view.summary.names.length) return item;
    const info = describeDecl(nav.views, { view, index: data.index });
    item.detail ??= info.signature;
    const where = `*${info.container ? `${info.container} in ` : ''}${info.module}*`;
    item.documentation = markdown([info.doc, where].filter((x) => x).join('\n\n'));
  }
  return item;
}

function toItem(
  c: WorkspaceCandidate,
  range: Range,
  uri: string,
  lines: LineIndex,
  encoding: PositionEncoding,
): CompletionItem {
  const item: CompletionItem = {
    label: c.label,
    kind: KIND[c.kind],
    sortText: `${c.rank}${c.label}`,
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

function keywordItem(word: string, range: Range): CompletionItem {
  return {
    label: word,
    kind: CompletionItemKind.Keyword,
    sortText: `4${word}`,
    textEdit: { range, newText: word },
  };
}

function snippetItem(s: Snippet, range: Range): CompletionItem {
  return {
    label: s.label,
    kind: CompletionItemKind.Snippet,
    detail: s.detail,
    sortText: `5${s.label}`,
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
