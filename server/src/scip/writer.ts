// Writes a SCIP `Index` as a stream of its top-level fields (protobuf lets a message's fields come in
// any order and a repeated field one element at a time), so documents go to disk as they are made and
// the whole index is never held in memory. Written to `<out>.<pid>.tmp`, renamed over `out` on commit.
import * as fs from 'node:fs';
import { toBinary } from '@bufbuild/protobuf';
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import {
  type Document,
  DocumentSchema,
  type Metadata,
  MetadataSchema,
  type SymbolInformation,
  SymbolInformationSchema,
} from '@c4312/scip';

const INDEX_METADATA = 1;
const INDEX_DOCUMENTS = 2;
const INDEX_EXTERNAL_SYMBOLS = 3;
const FLUSH_BYTES = 1 << 20;

export class IndexWriter {
  private readonly tmp: string;
  private readonly fd: number;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  bytes = 0;

  constructor(private readonly out: string) {
    this.tmp = `${out}.${process.pid}.tmp`;
    this.fd = fs.openSync(this.tmp, 'w');
  }

  field(no: number, bytes: Uint8Array): void {
    const head = new BinaryWriter().tag(no, WireType.LengthDelimited).uint32(bytes.length).finish();
    this.push(head);
    this.push(bytes);
  }

  metadata(m: Metadata): void {
    this.field(INDEX_METADATA, toBinary(MetadataSchema, m));
  }

  document(d: Document): void {
    this.field(INDEX_DOCUMENTS, toBinary(DocumentSchema, d));
  }

  externalSymbol(s: SymbolInformation): void {
    this.field(INDEX_EXTERNAL_SYMBOLS, toBinary(SymbolInformationSchema, s));
  }

  /** Bytes already framed as fields of `Index` (document-worker.ts). */
  raw(bytes: Uint8Array): void {
    this.push(bytes);
  }

  private push(bytes: Uint8Array): void {
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    this.bytes += bytes.length;
    if (this.pendingBytes >= FLUSH_BYTES) this.flush();
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    fs.writeSync(this.fd, Buffer.concat(this.pending));
    this.pending = [];
    this.pendingBytes = 0;
  }

  /** Flushes, closes and renames the file into place. */
  commit(): void {
    this.flush();
    fs.closeSync(this.fd);
    fs.renameSync(this.tmp, this.out);
  }

  /** Closes and removes the partial file. */
  abort(): void {
    try {
      fs.closeSync(this.fd);
    } catch {
      // already closed
    }
    fs.rmSync(this.tmp, { force: true });
  }
}
