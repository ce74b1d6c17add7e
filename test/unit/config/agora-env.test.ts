import { describe, expect, it } from 'vitest';
import { agoraClientOptionsFromVariables } from '../../../functions/config/agora-env.js';
import { configProblems } from '../../helpers/config-problems.js';

const base = { AGORA_BASE_URL: 'https://a41.chat.agora.io', AGORA_ORG: 'org', AGORA_APP: 'app' };
const problems = (env: NodeJS.ProcessEnv) => configProblems(() => agoraClientOptionsFromVariables(env));

describe('agoraClientOptionsFromVariables', () => {
  it('uses a ready app token when given', () => {
    expect(agoraClientOptionsFromVariables({ ...base, AGORA_APP_TOKEN: '007abc' })).toMatchObject({
      baseUrl: base.AGORA_BASE_URL,
      credentials: { appToken: '007abc' },
    });
  });

  it('mints from App ID and certificate, with free-plan rate limits', () => {
    const options = agoraClientOptionsFromVariables({
      ...base,
      AGORA_APP_ID: 'a'.repeat(32),
      AGORA_APP_CERTIFICATE: 'b'.repeat(32),
      AGORA_RATE_LIMIT: '10',
    });
    expect(options.credentials).toEqual({ appId: 'a'.repeat(32), appCertificate: 'b'.repeat(32) });
    expect(options.rateLimits).toEqual({ default: 10 });
  });

  it('names every missing or malformed variable', () => {
    const found = problems({
      AGORA_BASE_URL: 'a41.chat.agora.io',
      AGORA_APP: '',
      AGORA_APP_ID: 'short',
      AGORA_RATE_LIMIT: 'fast',
    });
    expect(found.map((p) => p.split(':')[0]).sort()).toEqual([
      'AGORA_APP',
      'AGORA_APP_CERTIFICATE',
      'AGORA_APP_ID',
      'AGORA_BASE_URL',
      'AGORA_ORG',
      'AGORA_RATE_LIMIT',
    ]);
  });
});
