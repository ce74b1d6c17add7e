import { describe, expect, test } from 'vitest';
import { windowsHolding } from '../../../functions/moderation/decision/violation-window.js';

const W = 100;

describe('windowsHolding', () => {
  test('a violation belongs to windows ending at it or at a later violation within the window', () => {
    // 30 arrives last: the window ending at 50 holds 10, 30 and 50.
    expect(windowsHolding([10, 30, 50], 30, W, 3)).toEqual({
      fullest: { end: 50, count: 3 },
      crossing: { end: 50, count: 3 },
    });
  });

  test('the earliest window that reaches the threshold crosses, leaving later violations for the next', () => {
    expect(windowsHolding([10, 20, 30, 40, 55], 20, W, 3)).toMatchObject({ crossing: { end: 30, count: 3 } });
  });

  test('windows never hold violations a window apart; short of the threshold, the fullest window is reported', () => {
    expect(windowsHolding([0, 100, 200], 100, W, 2)).toEqual({ fullest: { end: 100, count: 1 } });
    expect(windowsHolding([0, 99, 150], 99, W, 3)).toEqual({ fullest: { end: 99, count: 2 } });
  });

  test('violations at the same moment count one each', () => {
    expect(windowsHolding([5, 5, 5], 5, W, 3)).toMatchObject({ crossing: { end: 5, count: 3 } });
  });

  test('a window ending a whole window after the violation does not hold it: violations there cross nothing for it', () => {
    expect(windowsHolding([10, 10 + W, 10 + W], 10, W, 2)).toEqual({ fullest: { end: 10, count: 1 } });
  });
});
