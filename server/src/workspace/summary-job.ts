// The messages between the indexer and its worker threads.
import type { FileSummary } from '../language/summary';

export interface SummaryJob {
  seq: number;
  files: { id: number; path: string }[];
}

export interface SummaryReply {
  seq: number;
  results: { id: number; summary?: FileSummary; error?: string }[];
}
