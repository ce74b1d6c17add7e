/**
 * Who may speak in an emulated group, on a clock the test moves: mutes end by themselves at
 * their time, a permanent one never; the owner and admins speak through a mute-all, never
 * through their own mute; a recall window counts from the message's arrival.
 */
import { describe, expect, it } from 'vitest';
import { CallbackRules, ChatService, GroupStore } from '../../../local/emulator/index.js';
import { activeMutes, refusalOf } from '../../../local/emulator/group-sanctions.js';

const group = (changes: object = {}) => ({
  ...new GroupStore().insert({ name: 'g', owner: 'olga', members: ['adam', 'ann'], admins: ['adam'] }),
  ...changes,
});

describe('refusalOf', () => {
  it('refuses non-members unless told to deliver their messages', () => {
    expect(refusalOf(group(), 'zed', 0)).toBe('not a member');
    expect(refusalOf(group(), 'zed', 0, 'deliver')).toBeUndefined();
    expect(refusalOf(group(), 'olga', 0)).toBeUndefined();
    expect(refusalOf(group(), 'ann', 0)).toBeUndefined();
  });

  it('a mute holds until its time, exclusive, and -1 holds for good', () => {
    const g = group({ muted: { ann: 1_000, adam: -1 } });
    expect(refusalOf(g, 'ann', 999)).toBe('sender muted');
    expect(refusalOf(g, 'ann', 1_000)).toBeUndefined();
    expect(refusalOf(g, 'adam', Number.MAX_SAFE_INTEGER)).toBe('sender muted');
    expect(activeMutes(g, 999)).toEqual([
      ['ann', 1_000],
      ['adam', -1],
    ]);
    expect(activeMutes(g, 1_000)).toEqual([['adam', -1]]);
  });

  it('a muted group lets only the owner and the admins speak', () => {
    const g = group({ mutedAll: true });
    expect(refusalOf(g, 'ann', 0)).toBe('group muted');
    expect(refusalOf(g, 'adam', 0)).toBeUndefined();
    expect(refusalOf(g, 'olga', 0)).toBeUndefined();
    expect(refusalOf({ ...g, admins: undefined }, 'adam', 0)).toBe('group muted');
  });
});

describe('ChatService on a moved clock', () => {
  it('refuses a muted member until the mute ends, and recalls only within the window', async () => {
    let now = 10_000;
    const store = new GroupStore(() => now);
    const chat = new ChatService(store, new CallbackRules('o#a', 'h', () => now), () => now, { recallWindowMs: 500 });
    const id = store.insert({ name: 'g', owner: 'olga', members: ['ann'], muted: { ann: 10_300 } }).id;

    expect(await chat.send({ groupId: id, from: 'ann', text: 'x' })).toEqual({
      status: 'refused',
      reason: 'sender muted',
    });
    now = 10_300;
    const sent = await chat.send({ groupId: id, from: 'ann', text: 'x' });
    expect(sent.status).toBe('delivered');
    const msgId = (sent as { msgId: string }).msgId;
    now = 10_800;
    expect(chat.recall(id, msgId, false)).toBe('recalled');
    expect(chat.recall(id, msgId, false)).toBe('not found');

    const late = (await chat.send({ groupId: id, from: 'ann', text: 'y' })) as { msgId: string };
    now = 11_301;
    expect(chat.recall(id, late.msgId, false)).toBe('too late');
    expect(chat.recall('299999999999999999', late.msgId, false)).toBe('not found');
    expect(chat.recall(id, late.msgId, true)).toBe('recalled');
    expect(chat.listed(id).map((m) => m.state)).toEqual(['recalled', 'recalled']);
  });

  it('the default recall window is two minutes', async () => {
    let now = 0;
    const store = new GroupStore(() => now);
    const chat = new ChatService(store, new CallbackRules('o#a', 'h'), () => now);
    const id = store.insert({ name: 'g', owner: 'olga' }).id;
    const a = (await chat.send({ groupId: id, from: 'olga', text: 'a' })) as { msgId: string };
    const b = (await chat.send({ groupId: id, from: 'olga', text: 'b' })) as { msgId: string };
    now = 120_000;
    expect(chat.recall(id, a.msgId, false)).toBe('recalled');
    now = 120_001;
    expect(chat.recall(id, b.msgId, false)).toBe('too late');
  });
});
