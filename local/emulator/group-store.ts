/**
 * The emulator's groups, in memory. Every group has a sequence number, its position in creation
 * order, from which its id is made, so list-all cursors are positions that stay valid while
 * groups come and go.
 *
 * Seeded groups are not stored: each is computed from its sequence number when read, so a
 * million groups seed at once and take no memory. A seeded group that is changed is copied into
 * the explicit map first; one that is deleted is remembered as deleted.
 */

export interface EmulatedGroup {
  id: string;
  name: string;
  description: string;
  owner: string;
  /** Members other than the owner. */
  members: string[];
  public: boolean;
  membersOnly: boolean;
  allowInvites: boolean;
  inviteNeedConfirm: boolean;
  maxUsers: number;
  custom: string;
  created: number;
  lastModified: number;
  disabled: boolean;
  /**
   * Whether the owner appears in the group's member list. Always true for groups made through the
   * API; tests set it false to stage the inconsistency an audit must report.
   */
  ownerListed: boolean;
  /** Members who are admins (at most 99); absent: none. */
  admins?: string[];
  /** The mute list: user -> when the mute ends (epoch ms), `-1` for never. Expired entries count for nothing. */
  muted?: Record<string, number>;
  /** Whether the whole group is muted (mute all): only the owner and admins may speak. */
  mutedAll?: boolean;
  /** The block list: former members who may not come back until unblocked. */
  blocked?: string[];
}

export type NewGroup = Pick<EmulatedGroup, 'name' | 'owner'> & Partial<Omit<EmulatedGroup, 'id' | 'name' | 'owner'>>;

export interface SeedOptions {
  /** Groups to add. */
  count: number;
  /** Distinct owners and members to draw from. @default 1000 */
  users?: number;
  /** Members besides the owner in each group. @default 2 */
  membersPerGroup?: number;
  /** Every n-th group is disabled (0: none). @default 0 */
  disabledEvery?: number;
  /** Prefix of group names. @default "group" */
  namePrefix?: string;
}

export class GroupStore {
  /** Groups created through the API, and seeded groups that were changed since. */
  private readonly explicit = new Map<number, EmulatedGroup>();
  private readonly deleted = new Set<number>();
  private readonly batches: SeedBatch[] = [];
  /** Members and owners of explicit groups: user -> sequence numbers. */
  private readonly joined = new Map<string, Set<number>>();
  private sequence = 0;

  constructor(private readonly now: () => number = Date.now) {}

  get size(): number {
    return this.sequence - this.deleted.size;
  }

  /** Adds a group with the service's defaults for every field not given; returns it. */
  insert(group: NewGroup): EmulatedGroup {
    const now = this.now();
    const seq = ++this.sequence;
    const stored: EmulatedGroup = {
      description: '',
      members: [],
      public: true,
      membersOnly: false,
      allowInvites: false,
      inviteNeedConfirm: true,
      maxUsers: 200,
      custom: '',
      created: now,
      lastModified: now,
      disabled: false,
      ownerListed: true,
      ...group,
      id: idOf(seq),
    };
    this.explicit.set(seq, stored);
    this.index(seq, stored);
    return stored;
  }

  /**
   * Adds `count` generated groups in constant time: group `i` of the batch is named
   * `{namePrefix}-{i}`, owned by `user{i % users}`, with members `user{(i + m·7919) % users}`.
   */
  seed(options: SeedOptions): { first?: string; last?: string } {
    if (options.count <= 0) return {};
    const batch: SeedBatch = {
      firstSeq: this.sequence + 1,
      count: options.count,
      users: options.users ?? 1000,
      membersPerGroup: options.membersPerGroup ?? 2,
      disabledEvery: options.disabledEvery ?? 0,
      namePrefix: options.namePrefix ?? 'group',
      createdAt: this.now(),
    };
    this.batches.push(batch);
    this.sequence += options.count;
    return { first: idOf(batch.firstSeq), last: idOf(this.sequence) };
  }

  get(id: string): EmulatedGroup | undefined {
    const seq = seqOf(id);
    return seq === undefined ? undefined : this.bySeq(seq);
  }

  /** Applies `changes` and stamps the modification time. */
  update(id: string, changes: Partial<Omit<EmulatedGroup, 'id'>>): EmulatedGroup | undefined {
    const seq = seqOf(id);
    const group = seq === undefined ? undefined : this.bySeq(seq);
    if (!group || seq === undefined) return undefined;
    if (this.explicit.has(seq)) this.unindex(seq, group);
    Object.assign(group, changes, { lastModified: this.now() });
    this.explicit.set(seq, group);
    this.index(seq, group);
    return group;
  }

  delete(id: string): boolean {
    const seq = seqOf(id);
    const group = seq === undefined ? undefined : this.bySeq(seq);
    if (!group || seq === undefined) return false;
    if (this.explicit.has(seq)) this.unindex(seq, group);
    this.explicit.delete(seq);
    this.deleted.add(seq);
    return true;
  }

  /** Up to `limit` groups from position `from` (0-based), and the position to continue at. */
  page(from: number, limit: number): { groups: EmulatedGroup[]; next?: number } {
    const groups: EmulatedGroup[] = [];
    let position = from;
    for (; position < this.sequence && groups.length < limit; position++) {
      const group = this.bySeq(position + 1);
      if (group) groups.push(group);
    }
    while (position < this.sequence && this.deleted.has(position + 1)) position++;
    return position < this.sequence ? { groups, next: position } : { groups };
  }

  /** Ids of the groups a user owns or is a member of, in creation order. */
  joinedBy(username: string): string[] {
    const seqs = new Set(this.joined.get(username));
    const userNumber = /^user(\d+)$/.exec(username);
    if (userNumber) {
      const k = Number(userNumber[1]);
      for (const batch of this.batches) {
        for (const seq of seededMemberships(batch, k))
          if (!this.explicit.has(seq) && !this.deleted.has(seq)) seqs.add(seq);
      }
    }
    return [...seqs].sort((a, b) => a - b).map(idOf);
  }

  /**
   * Whether a user exists: every `user{k}` of a seed batch, and everyone who has owned or joined
   * a group through the API or the store (the emulator deletes no users).
   */
  hasUser(username: string): boolean {
    if (this.joined.has(username)) return true;
    const userNumber = /^user(\d+)$/.exec(username);
    return userNumber !== null && this.batches.some((batch) => Number(userNumber[1]) < batch.users);
  }

  *all(): Generator<EmulatedGroup> {
    for (let seq = 1; seq <= this.sequence; seq++) {
      const group = this.bySeq(seq);
      if (group) yield group;
    }
  }

  clear(): void {
    this.explicit.clear();
    this.deleted.clear();
    this.batches.length = 0;
    this.joined.clear();
    this.sequence = 0;
  }

  private bySeq(seq: number): EmulatedGroup | undefined {
    if (seq < 1 || seq > this.sequence || this.deleted.has(seq)) return undefined;
    const stored = this.explicit.get(seq);
    if (stored) return stored;
    const batch = this.batches.find((b) => seq >= b.firstSeq && seq < b.firstSeq + b.count);
    return batch && seededGroup(batch, seq);
  }

  private index(seq: number, group: EmulatedGroup): void {
    for (const user of [group.owner, ...group.members]) {
      let seqs = this.joined.get(user);
      if (!seqs) this.joined.set(user, (seqs = new Set()));
      seqs.add(seq);
    }
  }

  private unindex(seq: number, group: EmulatedGroup): void {
    for (const user of [group.owner, ...group.members]) this.joined.get(user)?.delete(seq);
  }
}

interface SeedBatch {
  firstSeq: number;
  count: number;
  users: number;
  membersPerGroup: number;
  disabledEvery: number;
  namePrefix: string;
  createdAt: number;
}

/** Spreads members over the users; a prime, so that members of one group differ. */
const MEMBER_STRIDE = 7919;

function seededGroup(batch: SeedBatch, seq: number): EmulatedGroup {
  const i = seq - batch.firstSeq;
  const owner = `user${i % batch.users}`;
  const members = new Set<string>();
  for (let m = 1; m <= batch.membersPerGroup; m++) members.add(`user${(i + m * MEMBER_STRIDE) % batch.users}`);
  members.delete(owner);
  const created = batch.createdAt - (batch.count - i) * 1000;
  return {
    id: idOf(seq),
    name: `${batch.namePrefix}-${i}`,
    description: `seeded group ${i}`,
    owner,
    members: [...members],
    public: i % 3 !== 0,
    membersOnly: false,
    allowInvites: false,
    inviteNeedConfirm: true,
    maxUsers: 200,
    custom: '',
    created,
    lastModified: created,
    disabled: batch.disabledEvery > 0 && i % batch.disabledEvery === 0,
    ownerListed: true,
  };
}

/** Sequence numbers of the batch's groups that user `k` owns or belongs to, by arithmetic. */
function* seededMemberships(batch: SeedBatch, k: number): Generator<number> {
  if (k >= batch.users) return;
  for (let m = 0; m <= batch.membersPerGroup; m++) {
    const first = (((k - m * MEMBER_STRIDE) % batch.users) + batch.users) % batch.users;
    for (let i = first; i < batch.count; i += batch.users) yield batch.firstSeq + i;
  }
}

/** 18-digit ids, above 2^53 like real ones, so that a caller that parses them as numbers breaks. */
function idOf(seq: number): string {
  return `2${String(seq).padStart(17, '0')}`;
}

function seqOf(id: string): number | undefined {
  return /^2\d{17}$/.test(id) ? Number(id.slice(1)) : undefined;
}
