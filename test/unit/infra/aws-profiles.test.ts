/**
 * Whether a named profile exists, read from the shared config and credentials files where the SDK
 * reads them, so that the check before a deploy can say so (the SDK reports a missing region or
 * credentials instead).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { profileExists, sharedFiles } from '../../../infra/deploy/aws-profiles.js';
import { tempDir } from '../../helpers/temp-dir.js';

const CONFIG = [
  '[default]',
  'region = eu-west-1',
  '[profile prod]',
  'region = eu-west-1',
  '[profile "quoted name"]',
  '[sso-session corp]',
  '[services local]',
  '[bare]',
  '',
].join('\n');
const CREDENTIALS = ['# a comment', '[ci]  ; the build account', 'aws_access_key_id = AKID', ''].join('\n');

function filesIn(dir: string, config: string | undefined, credentials: string | undefined): NodeJS.ProcessEnv {
  if (config !== undefined) writeFileSync(join(dir, 'config'), config);
  if (credentials !== undefined) writeFileSync(join(dir, 'credentials'), credentials);
  return { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') };
}

describe('AWS profiles', () => {
  test('a profile is found as [profile NAME] or [default] in the config file, as [NAME] in the credentials file', () => {
    const env = filesIn(tempDir('aws'), CONFIG, CREDENTIALS);
    for (const name of ['default', 'prod', 'quoted name', 'ci']) expect(profileExists(name, env), name).toBe(true);
  });

  test('other sections of the config file are no profiles, nor is a name that is in no file', () => {
    const env = filesIn(tempDir('aws'), CONFIG, CREDENTIALS);
    for (const name of ['corp', 'local', 'bare', 'nosuch', 'profile prod'])
      expect(profileExists(name, env), name).toBe(false);
  });

  test('files that are not there hold no profile', () => {
    expect(profileExists('default', filesIn(tempDir('aws'), undefined, undefined))).toBe(false);
  });

  test('the files are under ~/.aws unless AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE say otherwise', () => {
    expect(sharedFiles({ HOME: '/home/ops' })).toEqual({
      config: '/home/ops/.aws/config',
      credentials: '/home/ops/.aws/credentials',
    });
    const home = tempDir('home');
    const aws = tempDir('aws');
    writeFileSync(join(aws, 'config'), '[profile fromhome]\n');
    expect(profileExists('fromhome', { HOME: home })).toBe(false);
    expect(profileExists('fromhome', { HOME: home, AWS_CONFIG_FILE: join(aws, 'config') })).toBe(true);
  });
});
