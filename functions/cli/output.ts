import { once } from 'node:events';

/** Writes one JSON document per line, waiting when stdout's buffer is full. */
export async function writeJsonLine(value: unknown, stream: NodeJS.WritableStream = process.stdout): Promise<void> {
  if (!stream.write(`${JSON.stringify(value)}\n`)) await once(stream, 'drain');
}

/**
 * A one-line progress display on stderr, shown only when stderr is a terminal so that logs and
 * pipes stay clean. Redraws at most every 100 ms.
 */
export class Progress {
  private last = 0;
  private readonly enabled: boolean;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {
    this.enabled = Boolean(stream.isTTY);
  }

  update(text: string): void {
    const now = Date.now();
    if (!this.enabled || now - this.last < 100) return;
    this.last = now;
    this.stream.write(`\r\x1b[K${text}`);
  }

  done(text: string): void {
    if (this.enabled) this.stream.write(`\r\x1b[K${text}\n`);
  }
}
