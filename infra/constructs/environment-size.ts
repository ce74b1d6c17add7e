import { Token, Tokenization } from 'aws-cdk-lib';

/** Lambda's limit on a function's environment, measured over the variables as JSON. */
export const ENVIRONMENT_LIMIT_BYTES = 4096;

/**
 * What a value only known at deploy time (a generated name, URL or ARN) is counted as. None of
 * those here is longer: queue names are at most 80 characters, role names 64, and the URLs and
 * ARNs around them add less than 100.
 */
export const UNRESOLVED_VALUE_BYTES = 256;

/**
 * The size Lambda will measure for these variables: the UTF-8 bytes of their JSON (it reports
 * the "String measured" as JSON when it refuses one), with each deploy-time value counted at
 * its longest.
 */
export function environmentSize(variables: Record<string, string>): number {
  const measured = Object.fromEntries(
    Object.entries(variables).map(([name, value]) => {
      if (!Token.isUnresolved(value)) return [name, value];
      const longest = Tokenization.reverseString(value).mapTokens({
        mapToken: () => 'x'.repeat(UNRESOLVED_VALUE_BYTES),
      });
      return [
        name,
        String(longest.join({ join: (left: unknown, right: unknown) => `${String(left)}${String(right)}` })),
      ];
    }),
  );
  return Buffer.byteLength(JSON.stringify(measured));
}

/** The variables by their measured share, largest first, for an error message. */
export function largestVariables(variables: Record<string, string>, count: number): string[] {
  return Object.keys(variables)
    .map((name) => ({ name, size: environmentSize({ [name]: variables[name]! }) }))
    .sort((a, b) => b.size - a.size)
    .slice(0, count)
    .map(({ name, size }) => `${name} (${size} bytes)`);
}
