/**
 * What `npm run deploy -- <cdk arguments>` hands to cdk, read the way cdk reads it: the `groupmod`
 * settings (cdk.json's context, replaced by a `-c groupmod=...` on the command line) and the
 * profile, so the check before the deploy looks at the same account and settings.
 */

/** The value of each `-c` / `--context` argument with `key=`, in order. */
export function contextValues(args: readonly string[], key: string): string[] {
  const values: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    let pair: string | undefined;
    if (arg === '-c' || arg === '--context') pair = args[++index];
    else if (arg.startsWith('--context=')) pair = arg.slice('--context='.length);
    else if (arg.startsWith('-c=')) pair = arg.slice('-c='.length);
    if (pair?.startsWith(`${key}=`)) values.push(pair.slice(key.length + 1));
  }
  return values;
}

/** The `groupmod` context cdk will see: the last one given on the command line, else cdk.json's. */
export function groupmodContextOf(
  args: readonly string[],
  cdkJsonContext: Record<string, unknown> | undefined,
): unknown {
  return contextValues(args, 'groupmod').at(-1) ?? cdkJsonContext?.groupmod;
}

/** cdk's `--profile NAME` (or `--profile=NAME`), if given. */
export function profileOf(args: readonly string[]): string | undefined {
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (arg === '--profile') return args[index + 1];
    if (arg.startsWith('--profile=')) return arg.slice('--profile='.length);
  }
  return undefined;
}
