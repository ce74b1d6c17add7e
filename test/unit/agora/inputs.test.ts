import { describe, expect, it } from 'vitest';
import { AgoraRequestValidationError } from '../../../functions/agora/errors.js';
import {
  createGroupInputSchema,
  joinedPageSizeSchema,
  listLimitSchema,
  modifyGroupInputSchema,
  validateInput,
} from '../../../functions/agora/inputs.js';
import { groupIdSchema, usernameSchema } from '../../../functions/agora/identifiers.js';

const valid = { name: 'team', description: 'd', owner: 'alice', public: true };

/** The field and the message of what `fn` was refused for, as the caller sees them. */
const refusalOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof AgoraRequestValidationError) return { field: error.field, message: error.message };
    throw error;
  }
  return 'no error';
};

const ONLY_LOWERCASE = 'may contain only lowercase a-z, 0-9, "_", "-" and "."';

describe('create input', () => {
  it('accepts the documented limits exactly', () => {
    const input = {
      ...valid,
      name: 'n'.repeat(128),
      description: 'd'.repeat(512),
      custom: 'c'.repeat(1024),
      members: Array.from({ length: 100 }, (_, i) => `u${i}`),
    };
    expect(() => validateInput(createGroupInputSchema, input, '')).not.toThrow();
  });

  it.each([
    [{ name: 'n'.repeat(129) }, 'name', 'must be at most 128 characters'],
    [{ name: '' }, 'name', 'must not be empty'],
    [{ name: 'a/b' }, 'name', 'must not contain "/"'],
    [{ description: 'd'.repeat(513) }, 'description', 'must be at most 512 characters'],
    // A slash anywhere, not only where the text starts or ends.
    [{ description: 'a/b' }, 'description', 'must not contain "/"'],
    [{ description: '/ab' }, 'description', 'must not contain "/"'],
    [{ description: 'ab/' }, 'description', 'must not contain "/"'],
    [{ custom: 'c'.repeat(1025) }, 'custom', 'must be at most 1024 characters'],
    [{ members: [] }, 'members', 'must hold 1 to 100 users'],
    [{ members: Array.from({ length: 101 }, (_, i) => `u${i}`) }, 'members', 'must hold 1 to 100 users'],
    [{ members: ['ok', 'Not_OK'] }, 'members[1]', ONLY_LOWERCASE],
    [{ owner: 'Alice' }, 'owner', ONLY_LOWERCASE],
    [{ maxUsers: 0 }, 'maxUsers', 'must be at least 1'],
    [{ maxUsers: 1.5 }, 'maxUsers', 'must be an integer'],
    [{ groupname: 'wire name' }, 'input', 'unknown field(s) "groupname"'],
  ])('rejects %o naming %s: %s', (override, field, message) => {
    expect(refusalOf(() => validateInput(createGroupInputSchema, { ...valid, ...override }, ''))).toEqual({
      field,
      message: `invalid ${field}: ${message}`,
    });
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
    expect(() => validateInput(modifyGroupInputSchema, { name: undefined, custom: undefined }, '')).toThrow(
      'must set at least one of',
    );
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

describe('what each refusal of an id, a username or a page size says', () => {
  it.each([
    ['12a', 'must be a string of digits'],
    ['a12', 'must be a string of digits'],
    ['1'.repeat(33), 'at most 32 digits'],
  ])('group id %j: %s', (id, message) => {
    expect(refusalOf(() => validateInput(groupIdSchema, id, 'groupId'))).toEqual({
      field: 'groupId',
      message: `invalid groupId: ${message}`,
    });
  });

  it.each([
    ['', 'must not be empty'],
    ['x'.repeat(65), 'must be at most 64 characters'],
    ['Ann', ONLY_LOWERCASE],
  ])('username %j: %s', (name, message) => {
    expect(refusalOf(() => validateInput(usernameSchema, name, 'username'))).toEqual({
      field: 'username',
      message: `invalid username: ${message}`,
    });
  });

  it.each([
    ['list', 1.5, 'must be an integer', listLimitSchema],
    ['list', 0, 'must be 1 to 100', listLimitSchema],
    ['list', 101, 'must be 1 to 100', listLimitSchema],
    ['joined', 1.5, 'must be an integer', joinedPageSizeSchema],
    ['joined', 0, 'must be 1 to 1000', joinedPageSizeSchema],
    ['joined', 1001, 'must be 1 to 1000', joinedPageSizeSchema],
  ] as const)('%s page size %s: %s', (_page, size, message, schema) => {
    expect(refusalOf(() => validateInput(schema, size, 'pageSize'))).toEqual({
      field: 'pageSize',
      message: `invalid pageSize: ${message}`,
    });
  });
});
