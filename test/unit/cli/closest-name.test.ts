import { describe, expect, test } from 'vitest';
import { closest } from '../../../functions/cli/validation.js';

const TYPES = ['group.disable', 'group.enable', 'ban.expire', 'ban.enforce', 'member.mute', 'member.unmute'];

describe('the closest valid name to a mistyped one', () => {
  test.each([
    ['group.disabel', 'group.disable'],
    ['ban.expir', 'ban.expire'],
    ['member.unmut', 'member.unmute'],
    ['member.mute', 'member.mute'],
    ['Group.Enable', 'group.enable'],
  ])('%s reads as %s', (given, name) => {
    expect(closest(given, TYPES)).toBe(name);
  });

  test('the nearest wins over another within reach', () => {
    expect(closest('ban.enforc', TYPES)).toBe('ban.enforce');
    expect(closest('member.mutee', TYPES)).toBe('member.mute');
  });

  test('a name too far from every one gets no suggestion', () => {
    expect(closest('group.explode', TYPES)).toBeUndefined();
    expect(closest('x', TYPES)).toBeUndefined();
    expect(closest('', TYPES)).toBeUndefined();
  });
});
