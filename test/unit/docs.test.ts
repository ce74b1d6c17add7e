/**
 * The README stays short and links every page of docs/; no relative link in them, or in the
 * tests' and benchmarks' READMEs, points at a file or a heading that is not there, and no code
 * comment points at a page of docs/ or a heading that is not there.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const PAGES = readdirSync(join(ROOT, 'docs'))
  .filter((name) => name.endsWith('.md'))
  .map((name) => `docs/${name}`);
const DOCUMENTS = ['README.md', 'test/README.md', 'test/mutation/equivalent-mutants.md', 'bench/README.md', ...PAGES];

/** The anchors GitHub gives a page's headings, and the explicit `<a id>` ones. */
function anchorsOf(path: string): Set<string> {
  const anchors = new Set<string>();
  for (const line of read(path).split('\n')) {
    const heading = /^#{1,6} (.*)/.exec(line);
    if (heading)
      anchors.add(
        heading[1]!
          .trim()
          .toLowerCase()
          .replace(/[^\w\- ]/g, '')
          .replaceAll(' ', '-'),
      );
    for (const [, id] of line.matchAll(/<a id="([^"]+)">/g)) anchors.add(id!);
  }
  return anchors;
}

/** The source files of a folder, recursively. */
function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.(ts|mts|mjs)$/.test(entry.name) ? [path] : [];
  });
}

/** Every relative link of a document, outside its code blocks. */
function relativeLinks(path: string): string[] {
  const text = read(path).replace(/```[\s\S]*?```/g, '');
  return [...text.matchAll(/\[[^\]]*\]\(([^)\s]+)\)/g)]
    .map(([, target]) => target!)
    .filter((target) => !/^[a-z]+:/.test(target));
}

describe('documentation', () => {
  test('the README is at most 250 lines and links every page of docs/', () => {
    const readme = read('README.md');
    expect(readme.split('\n').length).toBeLessThanOrEqual(250);
    expect(PAGES.length).toBeGreaterThan(0);
    for (const page of PAGES) expect(readme, page).toContain(`](${page})`);
  });

  test.each(DOCUMENTS)('every relative link of %s reaches a file and a heading that exist', (path) => {
    const broken = relativeLinks(path).filter((target) => {
      const [file, anchor] = target.split('#');
      const resolved = file ? normalize(join(dirname(path), file)) : path;
      if (!existsSync(join(ROOT, resolved))) return true;
      return anchor !== undefined && resolved.endsWith('.md') && !anchorsOf(resolved).has(anchor);
    });
    expect(broken).toEqual([]);
  });

  test('every docs/ page and heading a source file names exists', () => {
    const named = ['functions', 'local', 'infra', 'bench'].flatMap(sourceFiles).flatMap((file) =>
      [...read(file).matchAll(/\bdocs\/([\w-]+\.md)(?:#([\w-]+))?/g)].map(([, page, anchor]) => ({
        file,
        page: `docs/${page!}`,
        anchor,
      })),
    );
    expect(named.length).toBeGreaterThan(0);
    const broken = named.filter(
      ({ page, anchor }) => !existsSync(join(ROOT, page)) || (anchor !== undefined && !anchorsOf(page).has(anchor)),
    );
    expect(broken).toEqual([]);
  });
});
