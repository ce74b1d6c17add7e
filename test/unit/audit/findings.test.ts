import { describe, expect, test } from 'vitest';
import type { GroupDetails } from '../../../functions/agora/index.js';
import { DEFAULT_FINDING_OPTIONS, findingsFor } from '../../../functions/audit/findings.js';
import { type BanRecord, BanStatus } from '../../../functions/ledger/index.js';

const NOW = new Date('2026-11-25T12:00:00Z');

function group(overrides: Partial<GroupDetails> = {}): GroupDetails {
  return {
    id: '200000000000000001',
    name: 'book club',
    description: 'weekly reads',
    owner: 'ann',
    public: true,
    membersOnly: false,
    allowInvites: false,
    maxUsers: 200,
    memberCount: 3,
    created: NOW.getTime() - 86_400_000,
    disabled: false,
    custom: '',
    affiliations: [
      { role: 'member', username: 'bob' },
      { role: 'owner', username: 'ann' },
    ],
    ...overrides,
  };
}

function ban(overrides: Partial<BanRecord> = {}): BanRecord {
  return {
    banId: 'ban-1',
    groupId: '200000000000000001',
    eventId: 'e1',
    eventType: 'group.disable',
    reason: 'spam',
    source: 'test',
    imposedAt: '2026-11-25T11:00:00.000Z',
    until: '2026-11-25T13:00:00.000Z',
    duration: 7200,
    status: BanStatus.Active,
    dryRun: false,
    ...overrides,
  };
}

const kinds = (g: GroupDetails, b?: BanRecord, options = DEFAULT_FINDING_OPTIONS) =>
  findingsFor(g, b, options, NOW).map((f) => f.kind);

describe('findingsFor', () => {
  test.each([
    ['a healthy group', group(), undefined, []],
    ['disabled with no ban', group({ disabled: true }), undefined, ['disabled_by_hand']],
    ['disabled under a ban in force', group({ disabled: true }), ban(), []],
    ['enabled under a ban in force', group(), ban(), ['ban_bypassed']],
    ['enabled under a permanent ban', group(), ban({ until: null, duration: 'permanent' }), ['ban_bypassed']],
    [
      'disabled after its ban ended',
      group({ disabled: true }),
      ban({ until: '2026-11-25T11:30:00.000Z' }),
      ['ban_overdue'],
    ],
    [
      'enabled after its ban ended (the expiry is only late in the ledger)',
      group(),
      ban({ until: '2026-11-25T11:30:00.000Z' }),
      [],
    ],
    [
      'disabled under a dry-run ban: the automation never disabled it',
      group({ disabled: true }),
      ban({ dryRun: true }),
      ['disabled_by_hand'],
    ],
    ['enabled under a dry-run ban', group(), ban({ dryRun: true }), []],
    ['over capacity', group({ memberCount: 201 }), undefined, ['over_capacity']],
    ['exactly full: near, not over', group({ memberCount: 200 }), undefined, ['near_capacity']],
    ['at the near-capacity ratio', group({ memberCount: 180 }), undefined, ['near_capacity']],
    ['just below it', group({ memberCount: 179 }), undefined, []],
    [
      'owner missing from the members',
      group({ affiliations: [{ role: 'member', username: 'bob' }] }),
      undefined,
      ['owner_not_member'],
    ],
  ] as const)('%s', (_name, g, b, expected) => {
    expect(kinds(g, b)).toEqual(expected);
  });

  test('banned terms match name or description, case-insensitively, once per term', () => {
    const options = { ...DEFAULT_FINDING_OPTIONS, bannedTerms: ['Casino', 'loan'] };
    const findings = findingsFor(
      group({ name: 'CASINO night', description: 'casino and LOANS' }),
      undefined,
      options,
      NOW,
    );
    expect(findings.map((f) => f.evidence)).toEqual([
      { term: 'Casino', fields: ['name', 'description'] },
      { term: 'loan', fields: ['description'] },
    ]);
  });

  test('near capacity shows the group’s own ratio beside the threshold', () => {
    const [finding] = findingsFor(group({ memberCount: 187 }), undefined, DEFAULT_FINDING_OPTIONS, NOW);
    expect(finding).toMatchObject({
      kind: 'near_capacity',
      evidence: { memberCount: 187, maxUsers: 200, ratio: 0.935, threshold: DEFAULT_FINDING_OPTIONS.nearCapacityRatio },
    });
  });

  test('every finding names the group and suggests an action', () => {
    const findings = findingsFor(group({ disabled: true, memberCount: 500 }), undefined, DEFAULT_FINDING_OPTIONS, NOW);

    expect(findings.map((f) => f.kind)).toEqual(['disabled_by_hand', 'over_capacity']);
    for (const finding of findings) {
      expect(finding).toMatchObject({ groupId: '200000000000000001', groupName: 'book club' });
      expect(finding.suggestedAction.length).toBeGreaterThan(10);
    }
  });
});
