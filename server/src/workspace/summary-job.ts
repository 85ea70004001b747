// The messages between the indexer and its worker threads, and the limits on what a job reads.
import type { FileSummary } from '../language/summary';

/**
 * Files larger than this are not indexed (a Simple source that large is generated data; summarizing it
 * could take a worker's whole heap). Checked on the size the store staged and again on the descriptor
 * the worker reads, so a file that grew meanwhile is refused too.
 */
export const MAX_INDEXED_BYTES = 8 * 1024 * 1024;

/** The first bytes a worker reads to tell source from binary before reading the rest. */
export const SNIFF_BYTES = 8 * 1024;

export interface SummaryJob {
  seq: number;
  files: { id: number; path: string }[];
}

export interface SummaryReply {
  seq: number;
  results: { id: number; summary?: FileSummary; error?: string }[];
}
