import { describe, expect, it } from 'vitest';
import { GroupStore } from '../../../local/emulator/group-store.js';

describe('GroupStore', () => {
  it('seeds a million groups without storing them, and reads any of them back', () => {
    const store = new GroupStore();

    const range = store.seed({ count: 1_000_000, disabledEvery: 10 });

    expect(store.size).toBe(1_000_000);
    expect(range).toEqual({ first: '200000000000000001', last: '200000000001000000' });
    expect(store.get('200000000000999991')).toMatchObject({ name: 'group-999990', owner: 'user990', disabled: true });
    expect(store.get('200000000001000001')).toBeUndefined();
  });

  it('finds the joined groups of a seeded user exactly as a full scan does', () => {
    const store = new GroupStore();
    store.seed({ count: 5_000, users: 37, membersPerGroup: 3 });
    store.insert({ name: 'extra', owner: 'user5' });
    store.delete('200000000000000006'); // group-5, owned by user5
    store.update('200000000000000043', { members: [] }); // group-42: user5 stays owner only

    const scanned = [...store.all()].filter((g) => g.owner === 'user5' || g.members.includes('user5')).map((g) => g.id);

    expect(store.joinedBy('user5')).toEqual(scanned);
    expect(scanned.length).toBeGreaterThan(400);
  });

  it('keeps list positions valid across deletions', () => {
    const store = new GroupStore();
    store.seed({ count: 10 });
    const first = store.page(0, 4);
    store.delete('200000000000000005');
    store.delete('200000000000000006');

    const second = store.page(first.next!, 4);

    expect(second.groups.map((g) => g.name)).toEqual(['group-6', 'group-7', 'group-8', 'group-9']);
    expect(second.next).toBeUndefined();
  });

  it('copies a seeded group on change, leaving the rest generated', () => {
    const store = new GroupStore();
    store.seed({ count: 3 });

    store.update('200000000000000002', { disabled: true });

    expect(store.get('200000000000000002')?.disabled).toBe(true);
    expect(store.get('200000000000000003')?.disabled).toBe(false);
  });
});
