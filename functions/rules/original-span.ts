/**
 * Where a match in a normalised or folded form of a text lies in the text as it was sent, and
 * which transforms the characters there went through. Rules read a form that is shorter or
 * longer than the message (NFKC expands `ﬃ`, marks and invisible characters go, runs of white
 * space become one, a look-alike becomes one to three letters), so a form's offsets say nothing
 * about the original by themselves.
 *
 * The text is cut into clusters (a code point and the marks, conjoining jamo, invisible and
 * control characters after it: nothing inside a cluster composes or is removed across its edge)
 * and each cluster goes through the same steps the whole text did (normalize-text.ts, then the
 * folds of the match form, text-folds.ts), each step's change recorded as the transform it is.
 * The pieces laid end to end are the form: a match's span in the form covers pieces, whose
 * clusters are its span in the original. Built only for a text a rule matched, once per form.
 */
import { caseFolded, compatibilityForm, untrimmedNormalForm, withoutInvisible } from './normalize-text.js';
import { foldHan, foldKana, foldLookAlikes, stripMarks } from './text-folds.js';

/** What a text went through between how it was sent and where a rule matched it, in the order they happen. */
export const TRANSFORMS = [
  'compatibility',
  'invisible',
  'case',
  'whitespace',
  'mark',
  'confusable',
  'script-fold',
  'separator',
  'leet',
] as const;
export type Transform = (typeof TRANSFORMS)[number];

/** Each transform as a bit of a mask, in the order of TRANSFORMS. */
export const TRANSFORM_BITS = Object.fromEntries(TRANSFORMS.map((name, index) => [name, 1 << index])) as Record<
  Transform,
  number
>;
const { compatibility, invisible, case: caseBit, whitespace, mark, confusable } = TRANSFORM_BITS;
const scriptFold = TRANSFORM_BITS['script-fold'];

export const transformNames = (mask: number): Transform[] =>
  TRANSFORMS.filter((name) => (mask & TRANSFORM_BITS[name]) !== 0);

/** The form a rule read: the normal form (patterns), or one of the two match forms of terms (text-folds.ts). */
export type MatchForm = 'normalized' | 'marked' | 'unmarked';

/** The folds of each form, in the order text-folds.ts applies them, and the transform each is. */
const FOLDS: Record<MatchForm, [(text: string) => string, number][]> = {
  normalized: [],
  marked: [
    [foldLookAlikes, confusable],
    [foldHan, scriptFold],
    [foldKana, scriptFold],
  ],
  unmarked: [
    [stripMarks, mark],
    [foldLookAlikes, confusable],
    [foldHan, scriptFold],
    [foldKana, scriptFold],
  ],
};

/**
 * How a code point joins the clusters: it starts one, or it belongs to the one before it (marks,
 * conjoining vowel and final jamo, which compose with the syllable before, and any code point
 * whose NFKC form starts with a mark, such as the half-width voiced sound mark `ﾞ`, U+3099 in
 * NFKC), or it is removed by the normal form and belongs to the cluster before it only when a
 * mark of that cluster follows it (`e`, U+0001, U+0301 is `é` once U+0001 is gone).
 */
const enum Joins {
  Starts = 0,
  Belongs = 1,
  Removed = 2,
}
const BELONGS = /^[\p{M}\u1160-\u11ff\ud7b0-\ud7ff]$/u;
const REMOVED = /^[\p{Default_Ignorable_Code_Point}\p{Cf}]$|^[^\P{Cc}\s]$/u;
const STARTS_WITH_MARK = /^[\p{M}\u1160-\u11ff\ud7b0-\ud7ff]/u;
const joinsCache = new Map<number, Joins>();
function joinsOf(codePoint: number): Joins {
  let joins = joinsCache.get(codePoint);
  if (joins === undefined) {
    const char = String.fromCodePoint(codePoint);
    joins =
      BELONGS.test(char) || STARTS_WITH_MARK.test(char.normalize('NFKC'))
        ? Joins.Belongs
        : REMOVED.test(char)
          ? Joins.Removed
          : Joins.Starts;
    joinsCache.set(codePoint, joins);
  }
  return joins;
}
const ASCII_JOINS = Uint8Array.from({ length: 128 }, (_, unit) => joinsOf(unit));
// A regular expression is compiled again for text outside Latin-1: done here, at init, not in the first explanation.
for (const codePoint of [0x301, 0x200b, 0xff9e, 0x4e00]) joinsOf(codePoint);
const joinsAt = (codePoint: number): Joins =>
  codePoint < 128 ? (ASCII_JOINS[codePoint] as Joins) : joinsOf(codePoint);

const WHITE_SPACE = /\s/u;
const SEGMENTS = /\s+|\S+/gu;

/** A cluster through the normal form's steps before white space: its text, and the transforms that changed it. */
function normalCluster(cluster: string): { text: string; changed: number } {
  const compatible = compatibilityForm(cluster);
  // Composing `e` and U+0301 is NFC too: only what NFKC does beyond it is a compatibility transform.
  let changed = compatible !== cluster.normalize('NFC') ? compatibility : 0;
  const visible = withoutInvisible(compatible);
  if (visible !== compatible) changed |= invisible;
  const folded = caseFolded(visible);
  if (folded !== visible) changed |= caseBit;
  return { text: folded, changed };
}

function foldSegment(
  segment: string,
  folds: readonly [(text: string) => string, number][],
): { text: string; changed: number } {
  let text = segment;
  let changed = 0;
  for (const [fold, bit] of folds) {
    const next = fold(text);
    if (next !== text) changed |= bit;
    text = next;
  }
  return { text, changed };
}

/**
 * Code points that are their own form, alone (no step changes them, they join no cluster, and
 * they are not white space), per form: most of any text. A run of them (and of printable ASCII,
 * where only case changes, and single spaces between) is one piece, mapped offset by offset.
 */
const steadyCache: Record<MatchForm, Map<number, boolean>> = {
  normalized: new Map(),
  marked: new Map(),
  unmarked: new Map(),
};
function isSteady(codePoint: number, form: MatchForm): boolean {
  const cache = steadyCache[form];
  let steady = cache.get(codePoint);
  if (steady === undefined) {
    const char = String.fromCodePoint(codePoint);
    const normal = normalCluster(char);
    steady =
      joinsOf(codePoint) === Joins.Starts &&
      normal.changed === 0 &&
      normal.text === char &&
      !WHITE_SPACE.test(char) &&
      foldSegment(char, FOLDS[form]).text === char;
    cache.set(codePoint, steady);
  }
  return steady;
}
/** Printable ASCII but space: in every form as it is, but for case. */
const isPrintable = (unit: number) => unit > 0x20 && unit < 0x7f;
/** A piece mapped offset by offset (its form is its original text in lower case): marked in `changed`. */
const LINEAR = 1 << 30;
const UPPER_CASE = /[A-Z]/;

/** The pieces of a form: piece i is the form's [formAt[i], formAt[i + 1]) and the original's [from[i], to[i]). */
interface PieceTable {
  formAt: number[];
  from: number[];
  to: number[];
  changed: number[];
  /** The form the pieces make, to check against the form the rule read. */
  built: string;
}

/**
 * The pieces of [begin, finish) of `original`, whose form starts at `formStart`; `written` when
 * the form has text before it (white space at `begin` is then not leading).
 */
function pieceTable(
  original: string,
  form: MatchForm,
  begin = 0,
  finish = original.length,
  formStart = 0,
  written = false,
): PieceTable {
  const folds = FOLDS[form];
  const table: PieceTable = { formAt: [], from: [], to: [], changed: [], built: '' };
  const normalCache = new Map<string, { text: string; changed: number }>();
  const foldCache = new Map<string, { text: string; changed: number }>();
  let at = formStart;
  let built = '';
  let pending: { from: number; to: number; changed: number } | undefined;
  const piece = (text: string, from: number, to: number, changed: number) => {
    table.formAt.push(at);
    table.from.push(from);
    table.to.push(to);
    table.changed.push(changed);
    built += text;
    at += text.length;
  };
  const segment = (text: string, from: number, to: number, changed: number) => {
    if (WHITE_SPACE.test(text)) {
      // A run of white space is one space in the normal form, none at either end of the text.
      const collapsed = text === ' ' ? 0 : whitespace;
      if (pending) pending.changed |= whitespace | collapsed;
      else if (written) pending = { from, to, changed: changed | collapsed };
      return;
    }
    written = true;
    if (pending) {
      piece(' ', pending.from, pending.to, pending.changed);
      pending = undefined;
    }
    let folded = foldCache.get(text);
    if (!folded) foldCache.set(text, (folded = foldSegment(text, folds)));
    piece(folded.text, from, to, changed | folded.changed);
  };

  /** The end of the run of steady code points and single spaces from `from`, which ends before a code point that joins its cluster. */
  const runEnd = (from: number): number => {
    let end = from;
    let beforeLast = from;
    for (let index = from; index < finish;) {
      const unit = original.charCodeAt(index);
      let width = 1;
      if (unit === 0x20) {
        const next = original.charCodeAt(index + 1);
        if (index === from || original.charCodeAt(index - 1) === 0x20 || !(isPrintable(next) || next >= 0x80)) break;
      } else if (!isPrintable(unit)) {
        const codePoint = original.codePointAt(index)!;
        if (codePoint < 0x80 || !isSteady(codePoint, form)) break;
        width = codePoint > 0xffff ? 2 : 1;
      }
      beforeLast = end;
      index += width;
      end = index;
    }
    if (end === from) return from;
    // What follows may belong to the last code point's cluster (a mark): that one is left to the clusters, and a space before it.
    if (end < original.length && joinsAt(original.codePointAt(end)!) !== Joins.Starts) {
      end = beforeLast;
      if (end > from && original.charCodeAt(end - 1) === 0x20) end--;
    }
    // A run ending in a space (its next code point not steady) leaves the space to the clusters.
    if (end > from && original.charCodeAt(end - 1) === 0x20) end--;
    return end;
  };

  for (let index = begin; index < finish;) {
    const from = index;
    const unit0 = original.charCodeAt(from);
    if (unit0 !== 0x20) {
      const end = runEnd(from);
      if (end > from) {
        written = true;
        if (pending) {
          piece(' ', pending.from, pending.to, pending.changed);
          pending = undefined;
        }
        piece(original.slice(from, end).toLowerCase(), from, end, LINEAR);
        index = end;
        continue;
      }
    }
    index += original.codePointAt(index)! > 0xffff ? 2 : 1;
    // The cluster ends after its last code point that belongs to it: removed ones after that are clusters of their own.
    let kept = index;
    while (index < finish) {
      const codePoint = original.codePointAt(index)!;
      const joins = joinsAt(codePoint);
      if (joins === Joins.Starts) break;
      index += codePoint > 0xffff ? 2 : 1;
      if (joins === Joins.Belongs) kept = index;
    }
    index = kept;
    const unit = original.charCodeAt(from);
    if (index === from + 1 && unit > 0x20 && unit < 0x7f) {
      // Printable ASCII on its own: only case changes it.
      const lower = unit >= 0x41 && unit <= 0x5a;
      segment(String.fromCharCode(lower ? unit + 32 : unit), from, index, lower ? caseBit : 0);
      continue;
    }
    const cluster = original.slice(from, index);
    let normal = normalCache.get(cluster);
    if (!normal) normalCache.set(cluster, (normal = normalCluster(cluster)));
    if (normal.text.length > 0) {
      for (const [part] of normal.text.matchAll(SEGMENTS)) segment(part, from, index, normal.changed);
    } else if (pending) {
      // Removed whole (an invisible character): inside a span, it is one of the span's transforms.
      pending.changed |= normal.changed;
    } else if (written) {
      piece('', from, index, normal.changed);
    }
  }
  table.formAt.push(at);
  table.built = built;
  return table;
}

// The first explanation of an instance should not pay for compiling what every one uses (pre-delivery reports within a budget).
for (const form of ['normalized', 'marked', 'unmarked'] as const) pieceTable('Ｃa\u0301 \u200b\uff76\uff9e 賭', form);

/**
 * A text cut into chunks of about CHUNK code units before code points that start a cluster and
 * are not white space nor removed: nothing composes with them, and no run of white space
 * collapses across them. Each chunk's form is computed apart, by the same steps on the whole
 * chunk (native, fast), with where it starts in the form; only the chunks a match lies in are cut
 * into pieces. An explanation costs the text's length in native steps and its match's chunks in
 * pieces, wherever the match lies.
 */
interface ChunkTable {
  from: number[];
  formAt: number[];
  /** The chunks' forms laid end to end, to check against the form the rule read. */
  built: string;
}
const CHUNK = 1_024;

function startsPlainCluster(codePoint: number): boolean {
  if (codePoint <= 0x20) return false;
  if (codePoint < 0x80) return codePoint !== 0x7f;
  return joinsAt(codePoint) === Joins.Starts && !WHITE_SPACE.test(String.fromCodePoint(codePoint));
}
function isChunkBoundary(text: string, at: number): boolean {
  const unit = text.charCodeAt(at);
  return !(unit >= 0xdc00 && unit <= 0xdfff) && startsPlainCluster(text.codePointAt(at)!);
}

function chunkTable(original: string, form: MatchForm): ChunkTable {
  const from = [0];
  for (let at = CHUNK; at < original.length; at += CHUNK) {
    while (at < original.length && !isChunkBoundary(original, at)) at++;
    if (at >= original.length) break;
    from.push(at);
  }
  from.push(original.length);
  const formAt = [0];
  const parts: string[] = [];
  for (let index = 0; index + 1 < from.length; index++) {
    const chunk = original.slice(from[index], from[index + 1]);
    // Each chunk in the normal form, trimmed only at the ends of the whole text, as normalizeText trims.
    let normal = untrimmedNormalForm(chunk);
    if (index === 0) normal = normal.trimStart();
    if (index + 2 === from.length) normal = normal.trimEnd();
    const folded = foldSegment(normal, FOLDS[form]).text;
    parts.push(folded);
    formAt.push(formAt[index]! + folded.length);
  }
  return { from, formAt, built: parts.join('') };
}

/** The tables of the last text, per form: every hit on a text maps through the same ones. */
let lastTables: {
  original: string;
  chunks: Partial<Record<MatchForm, ChunkTable>>;
  pieces: Map<string, PieceTable>;
} = { original: '', chunks: {}, pieces: new Map() };

/** Whether the pieces make the form the rule read, up to `end`: final sigma aside (`ς` in a word's last place, `σ` alone). */
function agrees(built: string, form: string, end: number): boolean {
  if (built.length < end) return false;
  for (let index = 0; index < end; index++) {
    const unit = form.charCodeAt(index);
    if (built.charCodeAt(index) !== unit && unit !== 0x3c2) return false;
  }
  return true;
}

/** Where [start, end) of `formText` (the form `form` of `original`) lies in `original`, and what changed there. */
export interface OriginalSpan {
  start: number;
  end: number;
  /** The transforms of the normal form and the folds that changed a character of the span (TRANSFORM_BITS). */
  changed: number;
}

/**
 * The span of `original` that [start, end) of its form `formText` came from; undefined when the
 * pieces do not make that form (a text composed across a cluster's edge, which the clusters are
 * cut to prevent).
 */
export function originalSpan(
  original: string,
  form: MatchForm,
  formText: string,
  start: number,
  end: number,
): OriginalSpan | undefined {
  if (lastTables.original !== original) lastTables = { original, chunks: {}, pieces: new Map() };
  const chunks = (lastTables.chunks[form] ??= chunkTable(original, form));
  if (!agrees(chunks.built, formText, formText.length)) return undefined;
  // The chunks the match lies in: the last that starts at or before `start`, to the last that starts before `end`.
  const count = chunks.formAt.length - 1;
  let first = 0;
  while (first + 1 < count && chunks.formAt[first + 1]! <= start) first++;
  let final = first;
  while (final + 1 < count && chunks.formAt[final + 1]! < end) final++;
  const key = `${form}:${first}:${final}`;
  let table = lastTables.pieces.get(key);
  if (!table) {
    const [begin, finish, formStart] = [chunks.from[first]!, chunks.from[final + 1]!, chunks.formAt[first]!];
    table = pieceTable(original, form, begin, finish, formStart, formStart > 0);
    lastTables.pieces.set(key, table);
  }
  const base = chunks.formAt[first]!;
  if (!agrees(table.built, formText.slice(base), end - base)) return undefined;
  const { formAt } = table;
  const pieces = formAt.length - 1;
  // The first piece that ends after `start`.
  let low = 0;
  let high = pieces;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (formAt[middle + 1]! <= start) low = middle + 1;
    else high = middle;
  }
  // Inside a linear piece, offsets map one to one and only the upper-case letters of the span change.
  const originalAt = (piece: number, formOffset: number) =>
    table.from[piece]! + Math.min(Math.max(formOffset - formAt[piece]!, 0), formAt[piece + 1]! - formAt[piece]!);
  if (end === start) {
    const at =
      low >= pieces
        ? chunks.from[final + 1]!
        : table.changed[low]! & LINEAR
          ? originalAt(low, start)
          : table.from[low]!;
    return { start: at, end: at, changed: 0 };
  }
  let changed = 0;
  let last = low;
  for (let index = low; index < pieces && formAt[index]! < end; index++) {
    const bits = table.changed[index]!;
    if (bits & LINEAR) {
      if (UPPER_CASE.test(original.slice(originalAt(index, start), originalAt(index, end)))) changed |= caseBit;
    } else changed |= bits;
    last = index;
  }
  return {
    start: table.changed[low]! & LINEAR ? originalAt(low, start) : table.from[low]!,
    end: table.changed[last]! & LINEAR ? originalAt(last, end) : table.to[last]!,
    changed,
  };
}
