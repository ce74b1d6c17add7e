import { describe, expect, it } from 'vitest';
import { parseModerationEvent } from '../../../functions/events/schema.js';

const base = { version: 1, id: 'evt-1', groupId: '100743775617286960', reason: 'spam', source: 'classifier', time: '2026-11-25T10:00:00Z' };
const parse = (event: unknown) => parseModerationEvent(JSON.stringify(event));

describe('parseModerationEvent', () => {
  it.each([
    { type: 'violation.threshold_reached', duration: 3600 },
    { type: 'violation.threshold_reached' },
    { type: 'violation.reported', category: 'spam' },
    { type: 'group.disable', duration: 'permanent' },
    { type: 'group.enable' },
    { type: 'ban.expire', banId: 'ban-7' },
  ])('accepts %o', (fields) => {
    const parsed = parse({ ...base, ...fields });
    expect(parsed).toEqual({ ok: true, event: { ...base, ...fields } });
  });

  it.each([
    [{ type: 'group.nuke' }, 'type'],
    [{ type: 'group.enable', groupId: 100743775617286960 }, 'groupId'],
    [{ type: 'group.enable', groupId: '12ab' }, 'groupId'],
    [{ type: 'group.enable', reason: undefined }, 'reason'],
    [{ type: 'group.enable', time: 'yesterday' }, 'time'],
    [{ type: 'group.enable', version: 2 }, 'version'],
    [{ type: 'ban.expire' }, 'banId'],
    [{ type: 'group.disable', duration: 0 }, 'duration'],
    [{ type: 'group.enable', extra: true }, 'extra'],
  ])('rejects %o naming %s', (fields, field) => {
    const parsed = parse({ ...base, ...fields });
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.reason).toContain(field);
  });

  it('reports a body that is not JSON', () => {
    expect(parseModerationEvent('{oops')).toMatchObject({ ok: false, reason: expect.stringContaining('not JSON') });
  });
});
