/**
 * cdk.json ships placeholder settings so that `npm run synth` (tests, CI) works on a fresh
 * clone, offline. Nothing may be deployed with them: the app refuses them unless the context
 * allows them, which only the synth script does.
 */
import { ConfigError } from '../functions/config/index.js';
import type { DeploymentConfig } from './config.js';

/** The context key `npm run synth` sets (`-c groupmod:allowPlaceholders=true`). */
export const ALLOW_PLACEHOLDERS_CONTEXT = 'groupmod:allowPlaceholders';

/** The placeholder values in cdk.json, by setting. */
export const PLACEHOLDERS = { 'agora.org': 'your-org', 'agora.app': 'your-app' } as const;

/** Domains reserved for documentation (RFC 2606): mail to them reaches nobody. */
const DOCUMENTATION_DOMAIN = /@(?:[^@]+\.)?example\.(?:com|net|org)$/i;

/** One line per placeholder setting, naming it and its value. */
export function placeholderProblems(config: DeploymentConfig): string[] {
  const problems: string[] = [];
  if (config.agora.org === PLACEHOLDERS['agora.org'])
    problems.push(
      `groupmod.agora.org: "${config.agora.org}" is the placeholder from cdk.json; set your Agora org name`,
    );
  if (config.agora.app === PLACEHOLDERS['agora.app'])
    problems.push(
      `groupmod.agora.app: "${config.agora.app}" is the placeholder from cdk.json; set your Agora app name`,
    );
  if (config.alarmEmail && DOCUMENTATION_DOMAIN.test(config.alarmEmail)) {
    problems.push(
      `groupmod.alarmEmail: "${config.alarmEmail}" is at a documentation domain and reaches nobody; set the on-call address, or leave it out`,
    );
  }
  return problems;
}

/**
 * @param allow the value of the `groupmod:allowPlaceholders` context (`-c` gives the text "true")
 * @throws {ConfigError} naming every placeholder setting, unless allowed
 */
export function refusePlaceholders(config: DeploymentConfig, allow: unknown): void {
  if (allow === true || allow === 'true') return;
  const problems = placeholderProblems(config);
  if (problems.length > 0)
    throw new ConfigError([...problems, 'placeholders are accepted only by npm run synth, which deploys nothing']);
}
