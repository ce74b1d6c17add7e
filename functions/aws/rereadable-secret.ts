/**
 * A value read from Secrets Manager that is read again when it may have changed (a token the
 * service refused, a callback signature that matches no secret): an operator can fix or rotate a
 * secret without a redeploy. At most one read per `SECRET_REREAD_INTERVAL_MS`, so a flood of bad
 * requests cannot turn into a flood of reads.
 */
import type { CallOptions } from '../agora/index.js';

/** A secret is read again no sooner than this after the last read. */
export const SECRET_REREAD_INTERVAL_MS = 60_000;

/** Resolves with `work`'s value, or undefined once `signal` aborts, whichever comes first. */
function unlessAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T | undefined> {
  if (!signal) return work;
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const done = (value: T | undefined) => {
      signal.removeEventListener('abort', aborted);
      resolve(value);
    };
    const aborted = () => done(undefined);
    signal.addEventListener('abort', aborted, { once: true });
    void work.then(done);
  });
}

export class RereadableSecret<T> {
  private lastRead: number;
  private rereading: Promise<boolean> | undefined;

  /**
   * @param value what the first read gave
   * @param read reads the secret again; none: it never changes (a value from the environment)
   * @param now the clock of the once-a-minute bound, for tests
   */
  constructor(
    private value: T,
    private readonly read?: (call?: CallOptions) => Promise<T>,
    private readonly now: () => number = Date.now,
  ) {
    this.lastRead = now();
  }

  get current(): T {
    return this.value;
  }

  /**
   * Reads the secret again, unless it was read less than `SECRET_REREAD_INTERVAL_MS` ago.
   * Concurrent callers share one read, under the signal of the call that started it; each stops
   * waiting at its own signal. Never throws: an unreadable secret (or a read the deadline ended)
   * leaves the value as it was.
   * @returns whether the value changed
   */
  async reread(call: CallOptions = {}): Promise<boolean> {
    if (!this.read) return false;
    if (!this.rereading) {
      if (this.now() - this.lastRead < SECRET_REREAD_INTERVAL_MS) return false;
      this.lastRead = this.now();
      this.rereading = this.readAgain(this.read, call).finally(() => (this.rereading = undefined));
    }
    return (await unlessAborted(this.rereading, call.signal)) ?? false;
  }

  private async readAgain(read: (call?: CallOptions) => Promise<T>, call: CallOptions): Promise<boolean> {
    let fresh: T;
    try {
      fresh = await read(call);
    } catch {
      return false;
    }
    if (JSON.stringify(fresh) === JSON.stringify(this.value)) return false;
    this.value = fresh;
    return true;
  }
}
