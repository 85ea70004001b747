// vscode-jsonrpc's reader and writer over one transport connection: bodies arrive already framed (natively
// or by frame-parser.ts), so the reader only parses JSON, and the writer only serialises.
import {
  AbstractMessageReader,
  AbstractMessageWriter,
  type DataCallback,
  type Disposable,
  type Message,
  type MessageReader,
  type MessageWriter,
} from 'vscode-languageserver/node';

export class BodyReader extends AbstractMessageReader implements MessageReader {
  private callback: DataCallback | undefined;
  private early: string[] = [];

  listen(callback: DataCallback): Disposable {
    this.callback = callback;
    const early = this.early;
    this.early = [];
    for (const body of early) this.deliver(body);
    return { dispose: () => (this.callback = undefined) };
  }

  /** One framed body from the transport. Not JSON: reported through onError and dropped. */
  deliver(body: string): void {
    if (this.callback === undefined) {
      this.early.push(body);
      return;
    }
    let message: Message;
    try {
      message = JSON.parse(body) as Message;
    } catch (error) {
      this.fireError(new Error(`message is not JSON: ${(error as Error).message}`));
      return;
    }
    this.callback(message);
  }

  closed(): void {
    this.fireClose();
  }
}

export class BodyWriter extends AbstractMessageWriter implements MessageWriter {
  constructor(
    private readonly send: (body: string) => boolean,
    private readonly afterWrite?: (message: Message) => void,
  ) {
    super();
  }

  write(message: Message): Promise<void> {
    // A connection that is gone drops the message: the session learns of it through the Closed event.
    this.send(JSON.stringify(message));
    this.afterWrite?.(message);
    return Promise.resolve();
  }

  end(): void {}
}
