#!/usr/bin/env node
// Compiles `groupmod` (functions/cli/main.ts and everything it imports, packages included) to
// dist/cli/; run by `npm ci` (prepare), `npm run build` and before the tests. Start-up time is
// mostly Node.js reading and compiling modules, so:
// - esbuild splits the output at the CLI's dynamic imports: `groupmod --help` loads the command
//   definitions and commander only, and a command loads its own chunk (with zod, undici or the
//   AWS SDK) when it runs;
// - packages are bundled into those chunks, so a command reads a few files instead of hundreds;
// - `undici` is cut down to what the Agora client uses (see cli-undici.mjs), HTTP/1.1.
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT_DIR = join(ROOT, 'dist/cli');

/**
 * Resolves `undici` itself (not its files, which cli-undici.mjs uses) to cli-undici.mjs, and
 * undici's `node:http2` to what undici itself falls back to where Node.js has no HTTP/2:
 * connections use HTTP/1.1 unless `allowH2` is set, which the Agora client never does, and
 * loading HTTP/2 (with TLS) would cost every call a few tens of milliseconds.
 */
const undiciCore = {
  name: 'undici-core',
  setup(build) {
    build.onResolve({ filter: /^undici$/ }, () => ({ path: join(ROOT, 'tools/cli-undici.mjs') }));
    build.onResolve({ filter: /^node:http2$/ }, ({ importer }) =>
      importer.includes('/node_modules/undici/') ? { path: 'http2', namespace: 'undici-without-http2' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'undici-without-http2' }, () => ({
      contents: 'module.exports = { constants: {} };',
      loader: 'js',
    }));
  },
};

export async function buildCli() {
  // Chunk names carry content hashes: clear out the previous build's.
  await rm(OUT_DIR, { recursive: true, force: true });
  const { metafile } = await build({
    absWorkingDir: ROOT,
    entryPoints: ['functions/cli/main.ts'],
    outdir: OUT_DIR,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.18',
    plugins: [undiciCore],
    // Bundled CommonJS packages (undici, the AWS SDK) call require() for Node.js modules.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    // Half the source to read and parse; names are kept for errors and stack traces, and
    // --debug turns source maps on for the stack it prints.
    minify: true,
    keepNames: true,
    sourcemap: 'linked',
    logLevel: 'warning',
    metafile: true,
  });
  // What each output holds and imports: the tests check from it what `--help` loads.
  await writeFile(join(OUT_DIR, 'meta.json'), JSON.stringify(metafile));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await buildCli();
