import { describe, expect, it } from 'vitest';
import { AgoraRequestValidationError } from '../../../functions/agora/errors.js';
import { createGroupInputSchema, groupIdSchema, modifyGroupInputSchema, usernameSchema, validateInput } from '../../../functions/agora/inputs.js';

const valid = { name: 'team', description: 'd', owner: 'alice', public: true };

const fieldOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof AgoraRequestValidationError) return error.field;
    throw error;
  }
  return 'no error';
};

describe('create input', () => {
  it('accepts the documented limits exactly', () => {
    const input = { ...valid, name: 'n'.repeat(128), description: 'd'.repeat(512), custom: 'c'.repeat(1024), members: Array.from({ length: 100 }, (_, i) => `u${i}`) };
    expect(() => validateInput(createGroupInputSchema, input, '')).not.toThrow();
  });

  it.each([
    [{ name: 'n'.repeat(129) }, 'name'],
    [{ name: '' }, 'name'],
    [{ name: 'a/b' }, 'name'],
    [{ description: 'd'.repeat(513) }, 'description'],
    [{ custom: 'c'.repeat(1025) }, 'custom'],
    [{ members: [] }, 'members'],
    [{ members: Array.from({ length: 101 }, (_, i) => `u${i}`) }, 'members'],
    [{ members: ['ok', 'Not_OK'] }, 'members[1]'],
    [{ owner: 'Alice' }, 'owner'],
    [{ maxUsers: 0 }, 'maxUsers'],
    [{ groupname: 'wire name' }, 'input'],
  ])('rejects %o naming %s', (override, field) => {
    expect(fieldOf(() => validateInput(createGroupInputSchema, { ...valid, ...override }, ''))).toBe(field);
  });
});

describe('modify input', () => {
  it('accepts any one of the six fields', () => {
    expect(validateInput(modifyGroupInputSchema, { custom: 'x' }, '')).toEqual({ custom: 'x' });
  });

  it('rejects any other field, and an empty change', () => {
    expect(() => validateInput(modifyGroupInputSchema, { public: false }, '')).toThrow('unknown field(s) "public"');
    expect(() => validateInput(modifyGroupInputSchema, {}, '')).toThrow(AgoraRequestValidationError);
  });

  it('a change whose fields are all undefined is empty too', () => {
    // As a caller spreading optional values builds it: the keys are there, no value is.
    expect(() => validateInput(modifyGroupInputSchema, { name: undefined, custom: undefined }, '')).toThrow('must set at least one of');
  });
});

describe('ids and usernames', () => {
  it.each(['100743775617286960', '66016455491585'])('accepts group id %s', (id) => {
    expect(groupIdSchema.safeParse(id).success).toBe(true);
  });
  it.each(['', '12a', '1e18', ' 123'])('rejects group id %j', (id) => {
    expect(groupIdSchema.safeParse(id).success).toBe(false);
  });
  it.each(['user_1', 'a.b-c', 'x'.repeat(64)])('accepts username %s', (name) => {
    expect(usernameSchema.safeParse(name).success).toBe(true);
  });
  it.each(['', 'User', 'a b', 'x'.repeat(65), 'a@b'])('rejects username %j', (name) => {
    expect(usernameSchema.safeParse(name).success).toBe(false);
  });
});
