// Checks on incoming params. The library passes whatever JSON arrived; a handler that trusts its types would
// throw a TypeError deep inside and answer InternalError. These turn bad input into InvalidParams with a
// message naming the field.
import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import type { Position } from './line-index';

export function invalidParams(message: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, message);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

/** `params.textDocument.uri`, or throws InvalidParams. */
export function requireUri(params: unknown): string {
  if (!isObject(params)) throw invalidParams('params must be an object');
  const td = params.textDocument;
  if (!isObject(td)) throw invalidParams('params.textDocument must be an object');
  if (typeof td.uri !== 'string' || td.uri === '')
    throw invalidParams('params.textDocument.uri must be a string');
  return td.uri;
}

/** A `Position` at `where`, or throws InvalidParams. Values out of the document's range are fine (clamped). */
export function requirePosition(value: unknown, where: string): Position {
  if (!isObject(value)) throw invalidParams(`${where} must be a Position object`);
  if (!isInt(value.line) || !isInt(value.character)) {
    throw invalidParams(`${where} must have integer line and character`);
  }
  return { line: value.line, character: value.character };
}

export function requirePositions(params: unknown): Position[] {
  const list = (params as { positions?: unknown }).positions;
  if (!Array.isArray(list)) throw invalidParams('params.positions must be an array of Position');
  return list.map((p, i) => requirePosition(p, `params.positions[${i}]`));
}

export interface TextDocumentItemParams {
  uri: string;
  languageId: string;
  version: number;
  text: string;
}

/** didOpen's `textDocument`, or a message explaining what is wrong with it. */
export function readOpenParams(params: unknown): TextDocumentItemParams | string {
  const uri = safe(() => requireUri(params));
  if (typeof uri !== 'string') return uri.message;
  const td = (params as { textDocument: Record<string, unknown> }).textDocument;
  if (typeof td.text !== 'string') return 'textDocument.text must be a string';
  if (!isInt(td.version)) return 'textDocument.version must be an integer';
  const languageId = typeof td.languageId === 'string' ? td.languageId : 'simple';
  return { uri, languageId, version: td.version, text: td.text };
}

export interface ChangeParams {
  uri: string;
  version: number;
  changes: ({ text: string } | { range: { start: Position; end: Position }; text: string })[];
}

/** didChange's params, or a message explaining what is wrong with them. */
export function readChangeParams(params: unknown): ChangeParams | string {
  const uri = safe(() => requireUri(params));
  if (typeof uri !== 'string') return uri.message;
  const td = (params as { textDocument: Record<string, unknown> }).textDocument;
  if (!isInt(td.version)) return 'textDocument.version must be an integer';
  const list = (params as { contentChanges?: unknown }).contentChanges;
  if (!Array.isArray(list)) return 'contentChanges must be an array';
  const changes: ChangeParams['changes'] = [];
  for (const [i, c] of list.entries()) {
    if (!isObject(c) || typeof c.text !== 'string') return `contentChanges[${i}].text must be a string`;
    if (c.range === undefined || c.range === null) {
      changes.push({ text: c.text });
      continue;
    }
    const range = safe(() => {
      const r = c.range as Record<string, unknown>;
      if (!isObject(r)) throw invalidParams(`contentChanges[${i}].range must be a Range`);
      return {
        start: requirePosition(r.start, `contentChanges[${i}].range.start`),
        end: requirePosition(r.end, `contentChanges[${i}].range.end`),
      };
    });
    if (range instanceof ResponseError) return range.message;
    changes.push({ range, text: c.text });
  }
  return { uri, version: td.version, changes };
}

function safe<T>(f: () => T): T | ResponseError<void> {
  try {
    return f();
  } catch (e) {
    if (e instanceof ResponseError) return e;
    throw e;
  }
}

/** A `Range` at `where`, or throws InvalidParams. */
export function requireRange(value: unknown, where: string): { start: Position; end: Position } {
  if (!isObject(value)) throw invalidParams(`${where} must be a Range object`);
  return {
    start: requirePosition(value.start, `${where}.start`),
    end: requirePosition(value.end, `${where}.end`),
  };
}
