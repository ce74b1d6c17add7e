/**
 * The folds that make a text's match forms, each a table of Unicode's or OpenCC's data (see
 * text-folds.generated.ts and its generator) or a rule of Unicode's layout, applied to a text
 * already normalised (normalize-text.ts): terms are folded the same way, so a fold only has to
 * send look-alikes to one form, never to read them back.
 *
 * - `stripMarks`: combining marks removed (`cas\u0301ino`, `çasino` read `casino`); Hangul and
 *   every precomposed letter come back composed. Only terms without marks are matched on it.
 * - `foldLookAlikes`: the letters and digits of UTS #39's skeleton (`cаsino` with a Cyrillic `а`,
 *   `ᴄᴀsɪɴᴏ`, `🅒asino` read `casino`), outside ASCII only.
 * - `foldHan`: traditional Han characters as simplified ones (`賭場` reads `赌场`).
 * - `foldKana`: katakana as hiragana (`カジノ` and `かじの` read the same).
 */
import { BMP_MARK_RANGES, LOOK_ALIKES, TRADITIONAL_TO_SIMPLIFIED } from './text-folds.generated.js';

/** A mark beyond the Basic Multilingual Plane (a surrogate pair). */
const ASTRAL_MARK = /^\p{M}$/u;
/** Text a fold of code points outside ASCII cannot change. */
const ASCII_ONLY = /^[\0-\x7f]*$/;

/** Which code units of the Basic Multilingual Plane are combining marks. */
let bmpMarks: Uint8Array | undefined;
function marksTable(): Uint8Array {
  if (bmpMarks) return bmpMarks;
  bmpMarks = new Uint8Array(0x10000);
  let end = 0;
  for (const entry of BMP_MARK_RANGES.split(',')) {
    const [gap, length] = entry.split('+').map((part) => parseInt(part, 36)) as [number, number];
    const start = end + gap;
    end = start + length;
    bmpMarks.fill(1, start, end);
  }
  return bmpMarks;
}

export function stripMarks(text: string): string {
  if (ASCII_ONLY.test(text)) return text;
  // Looked up a code unit at a time: a `\p{M}` regular expression costs ten times as much on 50 KB of mixed scripts.
  const marks = marksTable();
  const decomposed = text.normalize('NFD');
  let out = '';
  let from = 0;
  for (let index = 0; index < decomposed.length; index++) {
    const unit = decomposed.charCodeAt(index);
    if (unit < 0x300) continue;
    let width = 0;
    if (marks[unit] === 1) width = 1;
    else if (unit >= 0xd800 && unit <= 0xdbff && ASTRAL_MARK.test(decomposed.slice(index, index + 2))) width = 2;
    if (width === 0) continue;
    out += decomposed.slice(from, index);
    from = index + width;
    index += width - 1;
  }
  // No mark: the text, in NFC already (normalised), is its own form.
  return from === 0 ? text : (out + decomposed.slice(from)).normalize('NFC');
}

/** A table decoded on first use: a rule set without such text never pays for it. */
function lazyTable(decode: () => Map<number, string>): () => Map<number, string> {
  let table: Map<number, string> | undefined;
  return () => (table ??= decode());
}

const lookAlikes = lazyTable(() => {
  const table = new Map<number, string>();
  for (const group of LOOK_ALIKES.split('|')) {
    const colon = group.indexOf(':');
    const target = group.slice(0, colon);
    for (const source of group.slice(colon + 1)) table.set(source.codePointAt(0)!, target);
  }
  return table;
});

const hanVariants = lazyTable(() => {
  const table = new Map<number, string>();
  let source = 0;
  for (const entry of TRADITIONAL_TO_SIMPLIFIED.split(',')) {
    const sign = entry.search(/[+-]/);
    // parseInt reads the base-36 digits up to the sign.
    source += parseInt(entry, 36);
    const distance = parseInt(entry.slice(sign + 1), 36);
    table.set(source, String.fromCodePoint(entry[sign] === '-' ? source - distance : source + distance));
  }
  return table;
});

/** Replaces each code point outside ASCII that `table` maps, copying the text only when one is found. */
function mapCodePoints(text: string, table: Map<number, string>, first: number): string {
  let out = text.slice(0, first);
  let from = first;
  for (let index = first; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    if (unit < 0x80) continue;
    const codePoint = text.codePointAt(index)!;
    const width = codePoint > 0xffff ? 2 : 1;
    const target = table.get(codePoint);
    if (target !== undefined) {
      out += text.slice(from, index) + target;
      from = index + width;
    }
    index += width - 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

const firstNonAscii = (text: string) => text.search(/[^\0-\x7f]/);

export function foldLookAlikes(text: string): string {
  const first = firstNonAscii(text);
  return first < 0 ? text : mapCodePoints(text, lookAlikes(), first);
}

const HAN = /\p{sc=Han}/u;
export function foldHan(text: string): string {
  const first = text.search(HAN);
  return first < 0 ? text : mapCodePoints(text, hanVariants(), first);
}

/** Katakana U+30A1–U+30F6 and the iteration marks U+30FD–U+30FE sit 0x60 above their hiragana. */
const KATAKANA = /[\u30a1-\u30f6\u30fd\u30fe]/gu;
export function foldKana(text: string): string {
  return text.replace(KATAKANA, (char) => String.fromCharCode(char.charCodeAt(0) - 0x60));
}

/** The form a term with combining marks is matched on, and a text for it: every fold but `stripMarks`. */
export const markedForm = (normalized: string): string => foldKana(foldHan(foldLookAlikes(normalized)));

/** The form a term without marks is matched on, and a text for it: every fold. */
export const unmarkedForm = (normalized: string): string => foldKana(foldHan(foldLookAlikes(stripMarks(normalized))));

/**
 * The match forms of the last text, kept: every terms rule of a set reads them in turn, and the
 * repeat fingerprint reads the unmarked one after them, so each form of a message is folded once.
 */
let lastForms: { normalized: string; marked?: string; unmarked?: string } = { normalized: '' };

/** The marked or unmarked form of a normalised text, folded once per text however often it is asked. */
export function matchFormOf(normalized: string, marked: boolean): string {
  if (lastForms.normalized !== normalized) lastForms = { normalized };
  return marked ? (lastForms.marked ??= markedForm(normalized)) : (lastForms.unmarked ??= unmarkedForm(normalized));
}

/** Whether a normalised term has combining marks (in its decomposed form: `é` has one). */
export const hasMarks = (normalized: string): boolean => stripMarks(normalized) !== normalized;
