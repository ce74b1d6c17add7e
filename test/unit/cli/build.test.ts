/**
 * The compiled CLI (built by the test run's global setup): what `groupmod --help` loads is the
 * command definitions and commander, never the packages a command needs when it runs.
 */
import { readFile } from 'node:fs/promises';
import { expect, test } from 'vitest';

interface Metafile {
  outputs: Record<
    string,
    { entryPoint?: string; inputs: Record<string, unknown>; imports: { path: string; kind: string }[] }
  >;
}

test('the help path (main.js and what it imports statically) holds no zod, undici or AWS SDK', async () => {
  const meta = JSON.parse(await readFile(new URL('../../../dist/cli/meta.json', import.meta.url), 'utf8')) as Metafile;
  const main = Object.keys(meta.outputs).find(
    (output) => meta.outputs[output]!.entryPoint === 'functions/cli/main.ts',
  )!;
  const loaded = new Set<string>();
  const visit = (output: string) => {
    if (loaded.has(output)) return;
    loaded.add(output);
    for (const { path, kind } of meta.outputs[output]!.imports)
      if (kind === 'import-statement' && path in meta.outputs) visit(path);
  };
  visit(main);
  const inputs = [...loaded].flatMap((output) => Object.keys(meta.outputs[output]!.inputs));

  expect(inputs.some((input) => input.includes('node_modules/commander/'))).toBe(true);
  expect(inputs.filter((input) => /node_modules\/(zod|undici|@aws-sdk|@smithy|agora-token)\//.test(input))).toEqual([]);
  // Each command's implementation is a chunk of its own, loaded when the command runs.
  expect(inputs.filter((input) => input.endsWith('-commands.ts'))).toEqual([]);
});
