/**
 * The previous audit's groups, compact enough for millions: ids as 64-bit integers in one sorted
 * typed array (8 bytes a group) and the disabled ones in a set (few). The current scan checks
 * each group against it, and what it never checked was deleted since.
 */
const MAX_U64 = (1n << 64n) - 1n;

export interface SeenState {
  /** One bit per previous group, in sorted order, base64. */
  bits: string;
  wide: string[];
}

export type Change = 'created' | 'newly_disabled' | 'newly_enabled' | 'unchanged';

export class SnapshotIndex {
  private ids = new BigUint64Array(1024);
  private count = 0;
  /** Ids beyond 64 bits, should the service ever issue them. */
  private readonly wide = new Set<string>();
  private readonly disabled = new Set<string>();
  private seen: Uint8Array | undefined;
  private readonly wideSeen = new Set<string>();

  add(id: string, disabled: boolean): void {
    if (disabled) this.disabled.add(id);
    const value = BigInt(id);
    if (value > MAX_U64) {
      this.wide.add(id);
      return;
    }
    if (this.count === this.ids.length) {
      const grown = new BigUint64Array(this.ids.length * 2);
      grown.set(this.ids);
      this.ids = grown;
    }
    this.ids[this.count++] = value;
  }

  /** Call once every previous group is added. */
  seal(): void {
    this.ids = this.ids.slice(0, this.count).sort();
    this.seen = new Uint8Array(this.count);
  }

  get size(): number {
    return this.count + this.wide.size;
  }

  /** How `id` changed since the previous run; marks it as still there. */
  compare(id: string, disabled: boolean): Change {
    if (!this.seen) throw new Error('seal() the index before comparing');
    if (!this.mark(id)) return 'created';
    const wasDisabled = this.disabled.has(id);
    if (disabled === wasDisabled) return 'unchanged';
    return disabled ? 'newly_disabled' : 'newly_enabled';
  }

  /** Previous groups that `compare` never saw: deleted since. */
  *deleted(): Generator<string> {
    for (let i = 0; i < this.count; i++) if (!this.seen![i]) yield String(this.ids[i]);
    for (const id of this.wide) if (!this.wideSeen.has(id)) yield id;
  }

  /** Which previous groups the scan has seen so far, compact, for a checkpoint. */
  seenState(): SeenState {
    const bits = new Uint8Array(Math.ceil(this.count / 8));
    for (let i = 0; i < this.count; i++) if (this.seen![i]) bits[i >> 3]! |= 1 << (i & 7);
    return { bits: Buffer.from(bits).toString('base64'), wide: [...this.wideSeen] };
  }

  /** Continues from a checkpoint's `seenState()`, on an index built from the same snapshot. */
  restoreSeen(state: SeenState): void {
    const bits = Buffer.from(state.bits, 'base64');
    for (let i = 0; i < this.count; i++) this.seen![i] = (bits[i >> 3]! >> (i & 7)) & 1;
    for (const id of state.wide) this.wideSeen.add(id);
  }

  private mark(id: string): boolean {
    const value = BigInt(id);
    if (value > MAX_U64) {
      if (!this.wide.has(id)) return false;
      this.wideSeen.add(id);
      return true;
    }
    let low = 0;
    let high = this.count - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const at = this.ids[mid]!;
      if (at === value) {
        this.seen![mid] = 1;
        return true;
      }
      if (at < value) low = mid + 1;
      else high = mid - 1;
    }
    return false;
  }
}
