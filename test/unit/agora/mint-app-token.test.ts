import { inflateSync } from 'node:zlib';
import { AccessToken2, ServiceChat, kChatServiceType } from 'agora-token/src/AccessToken2.js';
import { describe, expect, it } from 'vitest';
import { AgoraRequestValidationError } from '../../../functions/agora/index.js';
import { mintAppToken } from '../../../functions/agora/mint-app-token.js';

// The test vector from agora-token's upstream tests (see the facts file).
const APP_ID = '970CA35de60c44645bbae8a215061b33';
const APP_CERTIFICATE = '5CFd2fd1755d40ecb72977518be15d3b';
const EXPECTED =
  '007eJxTYNDNaz3snC8huEfHWdz6s98qltq4zqy9fl99Uh0FDvy6F6DAYGlu4OxobJqSamaQbGJiZmKalJSYapFoZGhqYGaYZGzs/kWAIYKJgYGRAYRZGRgZmMB8BgYArfIYaw==';

const inflate = (token: string) => inflateSync(Buffer.from(token.slice(3), 'base64'));

describe('mintAppToken', () => {
  it('reproduces the upstream test vector when issue time and salt are fixed', () => {
    const token = mintAppToken({
      appId: APP_ID,
      appCertificate: APP_CERTIFICATE,
      lifetimeSeconds: 600,
      issuedAt: 1111111,
      salt: 1,
    });

    // zlib builds compress differently: the signed content is what must match.
    expect(token.startsWith('007')).toBe(true);
    expect(inflate(token).equals(inflate(EXPECTED))).toBe(true);
  });

  it('mints a token that AccessToken2 parses and verifies, with the chat app privilege', () => {
    const token = mintAppToken({ appId: APP_ID, appCertificate: APP_CERTIFICATE, lifetimeSeconds: 3600 });
    const parsed = new AccessToken2();

    expect(parsed.from_string(token)).toBe(true);
    expect(parsed.verifySignature(APP_CERTIFICATE)).toBe(true);
    expect(parsed.verifySignature('0'.repeat(32))).toBe(false);
    expect(String(parsed.appId)).toBe(APP_ID);
    expect(parsed.expire).toBe(3600);
    expect(Math.abs(parsed.issueTs - Date.now() / 1000)).toBeLessThan(5);
    const chat = parsed.getServices(kChatServiceType)[0] as ServiceChat;
    expect(chat.__privileges[ServiceChat.kPrivilegeApp]).toBe(3600);
  });

  it.each([
    [{ appId: 'xyz' }, 'appId'],
    [{ appCertificate: '' }, 'appCertificate'],
    [{ lifetimeSeconds: 0 }, 'lifetimeSeconds'],
    [{ lifetimeSeconds: 86_401 }, 'lifetimeSeconds'],
  ])('refuses %o, naming %s', (override, field) => {
    const options = { appId: APP_ID, appCertificate: APP_CERTIFICATE, lifetimeSeconds: 600, ...override };
    expect(() => mintAppToken(options)).toThrow(AgoraRequestValidationError);
    expect(() => mintAppToken(options)).toThrow(field);
  });

  it.each([
    ['appId', 'a digit too many in front', { appId: `0${APP_ID}` }],
    ['appId', 'a digit too many at the end', { appId: `${APP_ID}0` }],
    ['appId', 'a non-hex character in front', { appId: `g${APP_ID.slice(1)}` }],
    ['appId', 'a non-hex character at the end', { appId: `${APP_ID.slice(0, -1)}g` }],
    ['appCertificate', 'a non-hex character in front', { appCertificate: `-${APP_CERTIFICATE}` }],
    ['appCertificate', 'a non-hex character at the end', { appCertificate: `${APP_CERTIFICATE}-` }],
  ])('refuses %s with %s: the whole value must be 32 hex digits', (field, _case, override) => {
    const options = { appId: APP_ID, appCertificate: APP_CERTIFICATE, lifetimeSeconds: 600, ...override };
    expect(() => mintAppToken(options)).toThrow(
      new AgoraRequestValidationError(field, 'must be 32 hexadecimal digits'),
    );
  });
});
