/**
 * Whether a named AWS profile exists in the shared config and credentials files. The SDK cannot
 * say: with a profile that is in neither file it reports "Region is missing" or "Could not load
 * credentials from any providers", as it does for a profile that exists but lacks them, so the
 * check before a deploy looks at the files itself, where the SDK and the AWS CLI read them.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The two files, as the SDK finds them: AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE, else under ~/.aws. */
export function sharedFiles(env: NodeJS.ProcessEnv): { config: string; credentials: string } {
  const home = env.HOME || env.USERPROFILE || homedir();
  return {
    config: env.AWS_CONFIG_FILE || join(home, '.aws', 'config'),
    credentials: env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials'),
  };
}

/** The section names of an INI text, as written between the brackets, trimmed. */
function sectionNames(text: string): string[] {
  return [...text.matchAll(/^[ \t]*\[([^\]\n]+)\][ \t]*(?:[#;].*)?$/gm)].map((match) => match[1]!.trim());
}

const readIfThere = (path: string): string => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
};

/** The profile a section of the config file holds: `[profile NAME]`, or `[default]`. */
function configProfile(section: string): string | undefined {
  if (section === 'default') return section;
  return /^profile\s+(["']?)(.+)\1$/.exec(section)?.[2];
}

/** The config file names a profile `[profile NAME]` (the default one `[default]`); the credentials file `[NAME]`. */
export function profileExists(name: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const files = sharedFiles(env);
  return (
    sectionNames(readIfThere(files.config)).some((section) => configProfile(section) === name) ||
    sectionNames(readIfThere(files.credentials)).includes(name)
  );
}
