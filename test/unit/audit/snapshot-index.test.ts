import { describe, expect, test } from 'vitest';
import { SnapshotIndex } from '../../../functions/audit/snapshot-index.js';

function indexOf(groups: [string, boolean][]): SnapshotIndex {
  const index = new SnapshotIndex();
  for (const [id, disabled] of groups) index.add(id, disabled);
  index.seal();
  return index;
}

describe('SnapshotIndex', () => {
  const previous: [string, boolean][] = [
    ['200000000000000003', false],
    ['200000000000000001', true],
    ['99999999999999999999999', false], // wider than 64 bits
    ['200000000000000002', false],
  ];

  test('tells created, newly disabled, newly enabled and unchanged groups, and what was deleted', () => {
    const index = indexOf(previous);
    expect(index.size).toBe(4);
    expect(index.compare('200000000000000001', false)).toBe('newly_enabled');
    expect(index.compare('200000000000000002', true)).toBe('newly_disabled');
    expect(index.compare('99999999999999999999999', false)).toBe('unchanged');
    expect(index.compare('200000000000000009', false)).toBe('created');
    expect([...index.deleted()]).toEqual(['200000000000000003']);
  });

  test('grows past its first allocation', () => {
    const ids = Array.from({ length: 5000 }, (_, i): [string, boolean] => [
      String(300000000000000000n + BigInt(i * 7)),
      i % 3 === 0,
    ]);
    const index = indexOf(ids);
    expect(ids.every(([id, disabled]) => index.compare(id, disabled) === 'unchanged')).toBe(true);
    expect([...index.deleted()]).toEqual([]);
  });

  test('what a checkpoint saves of it restores the same comparison', () => {
    const first = indexOf(previous);
    first.compare('200000000000000001', true);
    first.compare('99999999999999999999999', false);
    const resumed = indexOf(previous);
    resumed.restoreSeen(JSON.parse(JSON.stringify(first.seenState())));
    resumed.compare('200000000000000002', false);
    expect([...resumed.deleted()]).toEqual(['200000000000000003']);
  });
});
