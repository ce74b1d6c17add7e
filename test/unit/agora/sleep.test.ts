import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sleep } from '../../../functions/agora/sleep.js';

describe('sleep', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  it('resolves after the time given, and not before', async () => {
    let done = false;
    const waiting = sleep(100).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(99);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await waiting;
    expect(done).toBe(true);
  });

  it('resolves at once for no time, and leaves no timer behind', async () => {
    await sleep(0);
    await sleep(-5);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects with the signal’s reason as soon as it aborts, leaving no timer behind', async () => {
    const controller = new AbortController();
    const waiting = sleep(10_000, controller.signal);
    await vi.advanceTimersByTimeAsync(10);

    controller.abort(new Error('deadline'));

    await expect(waiting).rejects.toThrow('deadline');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects at once when the signal has already aborted, even for no time', async () => {
    await expect(sleep(10_000, AbortSignal.abort(new Error('gone')))).rejects.toThrow('gone');
    await expect(sleep(0, AbortSignal.abort(new Error('gone')))).rejects.toThrow('gone');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stops listening to the signal once it has resolved', async () => {
    const controller = new AbortController();
    const add = vi.spyOn(controller.signal, 'addEventListener');
    const remove = vi.spyOn(controller.signal, 'removeEventListener');
    const waiting = sleep(50, controller.signal);
    await vi.advanceTimersByTimeAsync(50);
    await waiting;
    expect(remove).toHaveBeenCalledWith('abort', add.mock.calls[0]![1]);
    controller.abort();
  });
});
