import { afterEach, describe, expect, it, vi } from 'vitest';
import { MintingTokenProvider, StaticTokenProvider } from '../../../functions/agora/index.js';

const credentials = { appId: 'a'.repeat(32), appCertificate: 'b'.repeat(32) };

afterEach(() => {
  vi.restoreAllMocks();
});

describe('MintingTokenProvider', () => {
  it('keeps a token until the given share of its life is used, then mints a new one', async () => {
    // Prepare
    let clock = 1_700_000_000_000;
    const provider = new MintingTokenProvider({
      ...credentials,
      lifetimeSeconds: 1000,
      refreshAfter: 0.75,
      now: () => clock,
    });
    const first = await provider.getToken();

    // Act + Assess
    clock += 749_000;
    expect(await provider.getToken()).toBe(first);
    clock += 1_000;
    expect(await provider.getToken()).not.toBe(first);
  });

  it('gives every concurrent caller the same token', async () => {
    const provider = new MintingTokenProvider(credentials);
    const tokens = await Promise.all(Array.from({ length: 20 }, () => provider.getToken()));
    expect(new Set(tokens).size).toBe(1);
  });

  it('mints a new token when told the current one was refused, once per refused token', async () => {
    const provider = new MintingTokenProvider(credentials);
    const refused = await provider.getToken();

    expect(await provider.refresh(refused)).toBe(true);
    const replacement = await provider.getToken();
    expect(replacement).not.toBe(refused);
    // A second caller reporting the same refused token gets the replacement, not a third token.
    expect(await provider.refresh(refused)).toBe(true);
    expect(await provider.getToken()).toBe(replacement);
  });

  it('reports no replacement when minting again gives the very token refused', async () => {
    // A token is its credentials, issue second, lifetime and salt: with the salt fixed and the
    // clock still, the token minted again is the refused one, and sending it again is pointless.
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const provider = new MintingTokenProvider({ ...credentials, now: () => 1_700_000_000_000 });
    const refused = await provider.getToken();

    expect(await provider.refresh(refused)).toBe(false);
    expect(await provider.getToken()).toBe(refused);
  });

  it('fails at construction on malformed credentials', () => {
    expect(() => new MintingTokenProvider({ ...credentials, appCertificate: 'nope' })).toThrow(/appCertificate/);
  });
});

describe('StaticTokenProvider', () => {
  it('never offers a replacement', async () => {
    const provider = new StaticTokenProvider('token');
    expect(await provider.getToken()).toBe('token');
    expect(await provider.refresh()).toBe(false);
  });
});
