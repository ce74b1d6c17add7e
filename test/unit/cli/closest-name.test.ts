import { describe, expect, test } from 'vitest';
import * as z from 'zod';
import { check, closest, fieldNames } from '../../../functions/cli/validation.js';

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

describe('a discriminated union’s problem names the closest value of its own key', () => {
  const schema = z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('alpha') }),
    z.object({ kind: z.literal('bravo') }),
  ]);

  test('the value of the discriminator is read, not another field', () => {
    expect(check(schema, { kind: 'alpah', type: 'bravo' }, fieldNames)).toEqual({
      ok: false,
      problems: ['kind: (did you mean alpha?) one of alpha, bravo'],
    });
  });
});
