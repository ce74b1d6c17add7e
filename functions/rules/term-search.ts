/**
 * Finds the terms of a `terms` rule in a text's match form (text-folds.ts) as whole words, the
 * way an evader writes them:
 *
 * - **separators** (per rule, on by default): the letters of a term's word with a run of one to
 *   three separators between every two of them (`c a s i n o`, `c.a.s.i.n.o`, `c - a - s`), and
 *   the words of a multi-word term with a run of one to eight between them (`crypto-pump`,
 *   `crypto_pump`, `crypto . pump`). A word is either written whole or spaced throughout:
 *   `cas ino` is not `casino`, so two ordinary words never join into a term. A run that starts
 *   with prose's punctuation and a space joins nothing (`S, E, X`, `free, spins`: see
 *   CLAUSE_MARKS; between words only after a word written whole).
 * - **leet** (per rule, on by default): a digit or symbol for the letter it stands for (`c4s1n0`,
 *   `ca$ino`), except as the first letter of a word of the term, so that numbers never read as
 *   words (`101` is not `lol`, `501` not `sol`).
 * - **word edges by script**: a term that starts (ends) with a letter or digit of a script written
 *   with spaces must not touch, on that side, a letter, mark or digit of its own kind: for a Hangul
 *   edge, Hangul and marks and digits; for any other, letters, marks and digits of any script but
 *   Hangul and the scripts written without spaces (Han, kana, Thai, Lao, Khmer, Myanmar). So
 *   `来casino赢钱` and `casino에서` hold `casino`, `우리의 시발점은` does not hold `시발`, and a term
 *   of a script written without spaces matches anywhere.
 * - **particles** (per rule, on by default): a Hangul term may be followed by one of Korean's
 *   common particles before its edge (`시발아`, `시발이`), never by anything else.
 *
 * The terms sit in a radix trie, walked from the code-point starts of the text where a term may
 * begin (its first code unit looked up in a table, its left edge checked before the walk). A walk
 * follows every way the text can spell the path: a separator run of each length, each leet
 * reading, the word whole or spaced. Separators are never letters, so at a given place only one
 * run length can be followed by the term's next letter, and a leet reading leads to another term
 * prefix: from one start a walk reaches each prefix of a term at most twice (whole and spaced),
 * more only for terms that themselves hold separator characters. With L the longest term, a text
 * of n code units costs about 2 × n × L steps at worst, and ordinary text a table lookup per code
 * unit and a step or two where a term's first letter is. `test` stops at the first hit; `first`
 * walks the whole text (a term earlier in the rule's order may be found further on), which it
 * does only to explain a text `test` already found a term in.
 */

/** What a text may put between the letters or words of a term. */
export const SEPARATORS = ' .-_*·•,/\\~:;\'"`^=#…‐‑‒–—―・';
/** What a digit or symbol may stand for. */
export const LEET: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'il',
  '2': 'z',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '6': 'g',
  '7': 't',
  '8': 'b',
  '9': 'g',
  '@': 'a',
  $: 's',
  '!': 'i',
  '|': 'il',
  '+': 't',
};
/** Korean particles a Hangul term may carry (with `particles`), longest first. */
export const PARTICLES = [
  '에게서',
  '한테서',
  '으로서',
  '으로써',
  '에서',
  '에게',
  '한테',
  '으로',
  '이랑',
  '까지',
  '부터',
  '처럼',
  '보다',
  '은',
  '는',
  '이',
  '가',
  '을',
  '를',
  '의',
  '에',
  '도',
  '만',
  '로',
  '와',
  '과',
  '랑',
  '야',
  '아',
  '께',
];
/** The longest run of separators between two letters of a spaced word, and between two words. */
export const LETTER_GAP = 3;
export const WORD_GAP = 8;

export interface TermSearchOptions {
  separators: boolean;
  leet: boolean;
  particles: boolean;
}

const SPACE = 0x20;
const SEPARATOR_UNITS = new Uint8Array(0x10000);
for (const char of SEPARATORS) SEPARATOR_UNITS[char.charCodeAt(0)] = 1;
/**
 * Punctuation as prose writes it, right after a word and then a space, ends a clause or an item
 * of a list: a separator run that starts so joins neither two letters (`Size: S, E, X` is not
 * `sex`) nor a word written whole to the next (`it was free, spins cost a pound` and `free. Spins`
 * are not `free spins`), while `s,e,x`, `crypto . pump` and `f. r. e. e. s. p. i. n. s.` still
 * are; so does a run of them, `free... spins` (the normal form writes `…` as `...`). Bit 1 between
 * letters, bit 2 between words.
 */
export const CLAUSE_MARKS = { betweenLetters: ',;', betweenWords: ',;.:' } as const;
const BETWEEN_LETTERS = 1;
const BETWEEN_WORDS = 2;
const CLAUSE_MARK_BITS = new Uint8Array(0x10000);
for (const char of CLAUSE_MARKS.betweenLetters) CLAUSE_MARK_BITS[char.charCodeAt(0)]! |= BETWEEN_LETTERS;
for (const char of CLAUSE_MARKS.betweenWords) CLAUSE_MARK_BITS[char.charCodeAt(0)]! |= BETWEEN_WORDS;
/** For each code unit, the term units it may stand for under leet. */
const LEET_UNITS = new Map<number, number[]>(
  Object.entries(LEET).map(([digit, letters]) => [
    digit.charCodeAt(0),
    [...letters].map((letter) => letter.charCodeAt(0)),
  ]),
);

const isHigh = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;
const isLow = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;

/** The kind of word edge a term's first or last code point needs. */
export const enum Edge {
  None = 0,
  /** A letter or digit of a script written with spaces, other than Hangul. */
  Spaced = 1,
  Hangul = 2,
}

const WORD = /^[\p{L}\p{M}\p{N}]$/u;
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
const LETTER = /^\p{L}$/u;
export const UNSPACED_SCRIPT =
  /^[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}]$/u;
const HANGUL = /^\p{sc=Hangul}$/u;

/** Per code point: bit 0 blocks a Spaced edge, bit 1 a Hangul edge; bit 2 set once known. Bits 3–4: the edge it needs as a term's end. */
const classCache = new Map<number, number>();
function classOf(codePoint: number): number {
  let bits = classCache.get(codePoint);
  if (bits === undefined) {
    const char = String.fromCodePoint(codePoint);
    const word = WORD.test(char) && !UNSPACED_SCRIPT.test(char);
    const hangul = HANGUL.test(char);
    const blocksSpaced = word && !hangul;
    const blocksHangul = word && (hangul || !LETTER.test(char));
    const needs =
      LETTER_OR_DIGIT.test(char) && !UNSPACED_SCRIPT.test(char) ? (hangul ? Edge.Hangul : Edge.Spaced) : Edge.None;
    bits = (blocksSpaced ? 1 : 0) | (blocksHangul ? 2 : 0) | 4 | (needs << 3);
    classCache.set(codePoint, bits);
  }
  return bits;
}
const ASCII_CLASS = Uint8Array.from({ length: 128 }, (_, unit) => classOf(unit));
const classAt = (codePoint: number) => (codePoint < 128 ? ASCII_CLASS[codePoint]! : classOf(codePoint));

/** The edge a term's code point needs on its side. */
export const edgeOf = (codePoint: number | undefined): Edge =>
  codePoint === undefined ? Edge.None : ((classAt(codePoint) >> 3) as Edge);
/** Whether a text's code point, next to a term's edge of this kind, joins the term to a longer word. */
const blocks = (codePoint: number, edge: Edge) => (classAt(codePoint) & edge) !== 0;

const lastCodePoint = (term: string): number | undefined => [...term].at(-1)?.codePointAt(0);

/**
 * The code point that ends just before `index` (at least 1) in `text`. Here and in the walk, a code
 * unit read outside the text is NaN (`charCodeAt`), which is no surrogate, no separator and no
 * unit of a term: reading past either end needs no bound check of its own.
 */
function codePointBefore(text: string, index: number): number {
  const unit = text.charCodeAt(index - 1);
  return isLow(unit) && isHigh(text.charCodeAt(index - 2)) ? text.codePointAt(index - 2)! : unit;
}

interface TrieNode {
  label: string;
  children: Map<number, TrieNode> | undefined;
  term: number;
  /** The edge the term ending here needs after it. */
  after: Edge;
}

const node = (label: string): TrieNode => ({ label, children: undefined, term: -1, after: Edge.None });

function insert(root: TrieNode, term: string, index: number, after: Edge): void {
  let at = root;
  let pos = 0;
  while (pos < term.length) {
    const unit = term.charCodeAt(pos);
    let child = at.children?.get(unit);
    if (!child) {
      child = node(term.slice(pos));
      (at.children ??= new Map()).set(unit, child);
      at = child;
      break;
    }
    const label = child.label;
    let shared = 1;
    while (label.charCodeAt(shared) === term.charCodeAt(pos + shared)) shared++;
    if (shared < label.length) {
      const middle = node(label.slice(0, shared));
      child.label = label.slice(shared);
      middle.children = new Map([[child.label.charCodeAt(0), child]]);
      at.children!.set(unit, middle);
      child = middle;
    }
    at = child;
    pos += shared;
  }
  at.term = index;
  at.after = after;
}

/** How the word of the term being read is written so far. */
const enum Mode {
  /** At the first letter of a word: read literally, nothing before it. */
  WordStart,
  /** After a word's first letter: whole or spaced, not yet known. */
  Open,
  Whole,
  Spaced,
}

/** What the walk that found a term read besides the term's own letters: bits of `TermHit.read`. */
export const READ_SEPARATOR = 1;
export const READ_LEET = 2;

/** Where a term was found in a match form, and how the text spelled it there. */
export interface TermHit {
  /** The term's index. */
  term: number;
  /** The code units [start, end) of the match form the term was read from (a Korean particle after it left out). */
  start: number;
  end: number;
  /** `READ_SEPARATOR` (letters spaced, words joined by other than one space) and `READ_LEET`, as the walk read them. */
  read: number;
}

/** Finds a rule's terms in a match form. `allowed(start, end)` says whether a hit is an exception of the rule. */
export interface TermSearch {
  /** Whether the text holds any of the terms (a hit not allowed). */
  test(text: string, allowed?: (start: number, end: number) => boolean): boolean;
  /** The first of the terms, in their order, that the text holds, where and how; undefined when none. */
  first(text: string, allowed?: (start: number, end: number) => boolean): TermHit | undefined;
}

/** Up to this many branches are tried one by one; past it, the text's possible readings are looked up. */
const FEW_CHILDREN = 4;
const ANYWHERE = 1;
const AT_SPACED_EDGE = 2;
const AT_HANGUL_EDGE = 4;

/** A search for `terms` (in match form, distinct), built in time linear in their total length. */
export function termSearch(terms: readonly string[], options: TermSearchOptions): TermSearch {
  const roots = [node(''), node(''), node('')] as const;
  const rootFlags = [ANYWHERE, AT_SPACED_EDGE, AT_HANGUL_EDGE];
  terms.forEach((term, index) => {
    insert(roots[edgeOf(term.codePointAt(0))], term, index, edgeOf(lastCodePoint(term)));
  });
  const firstUnits = new Uint8Array(0x10000);
  roots.forEach((root, kind) => root.children?.forEach((_, unit) => (firstUnits[unit]! |= rootFlags[kind]!)));
  const { separators, leet, particles } = options;
  // The empty term (no rule set holds one: the schema refuses it) is found in every text.
  const always = roots[Edge.None].term;

  // Where the best term of the last search was found, and how: set by `found`, read by `first` once the search is over.
  let bestStart = 0;
  let bestEnd = 0;
  let bestRead = 0;

  return {
    test: (text, allowed) => search(text, true, allowed) !== Infinity,
    first: (text, allowed) => {
      const found = search(text, false, allowed);
      return found === Infinity ? undefined : { term: found, start: bestStart, end: bestEnd, read: bestRead };
    },
  };

  function search(text: string, any: boolean, allowed: ((start: number, end: number) => boolean) | undefined): number {
    let best = always >= 0 && (!allowed || !allowed(0, 0)) ? always : Infinity;
    bestStart = bestEnd = bestRead = 0;
    const length = text.length;
    let start = 0;

    /** Whether a term needing `edge` after it may end at `end`. */
    const endsAt = (end: number, edge: Edge): boolean => {
      if (end === length) return true;
      const unit = text.charCodeAt(end);
      if (isLow(unit) && isHigh(text.charCodeAt(end - 1))) return false;
      return !blocks(text.codePointAt(end)!, edge);
    };

    const found = (term: number, end: number, edge: Edge, read: number): boolean => {
      if (term >= best) return false;
      let at: number | undefined;
      if (endsAt(end, edge)) at = end;
      // Only a Hangul edge can be blocked where a particle starts: no other edge is blocked by Hangul.
      else if (particles) {
        for (const particle of PARTICLES) {
          if (text.startsWith(particle, end) && endsAt(end + particle.length, edge)) {
            at = end + particle.length;
            break;
          }
        }
      }
      if (at === undefined || (allowed && allowed(start, at))) return false;
      best = term;
      bestStart = start;
      bestEnd = end;
      bestRead = read;
      return any;
    };

    /**
     * Reads the term unit `unit` of the trie path at text position `pos`, then goes on at the
     * trie position after it; true when the search is over (`any` and a hit). `used` gathers
     * what the path read so far besides the term's letters (`READ_SEPARATOR`, `READ_LEET`).
     */
    const read = (
      unit: number,
      at: TrieNode,
      next: number,
      pos: number,
      mode: Mode,
      afterHigh: boolean,
      used: number,
    ): boolean => {
      if (unit === SPACE) {
        if (!separators) return text.charCodeAt(pos) === SPACE && step(at, next, pos + 1, Mode.WordStart, false, used);
        // After a word spelled spaced the gap is one more letter gap (`f. r. e. e. s. p. i. n. s.`), not prose.
        if (mode !== Mode.Spaced && clauseAt(pos, BETWEEN_WORDS)) return false;
        for (let gap = 0; gap < WORD_GAP && SEPARATOR_UNITS[text.charCodeAt(pos + gap)] === 1; gap++) {
          const joined = gap > 0 || text.charCodeAt(pos) !== SPACE ? used | READ_SEPARATOR : used;
          if (step(at, next, pos + gap + 1, Mode.WordStart, false, joined)) return true;
        }
        return false;
      }
      const high = isHigh(unit);
      if (mode === Mode.WordStart || (afterHigh && isLow(unit))) {
        // The first letter of a word, or the second half of a code point: read as it is. After a
        // word's first letter the word is whole or spaced (whole only, without separators).
        const after = mode !== Mode.WordStart ? mode : separators ? Mode.Open : Mode.Whole;
        return text.charCodeAt(pos) === unit && step(at, next, pos + 1, after, high, used);
      }
      if (mode !== Mode.Spaced) {
        const textUnit = text.charCodeAt(pos);
        if (
          matches(textUnit, unit) &&
          step(at, next, pos + 1, Mode.Whole, high, textUnit === unit ? used : used | READ_LEET)
        )
          return true;
      }
      if (mode === Mode.Whole || clauseAt(pos, BETWEEN_LETTERS)) return false;
      for (let gap = 0; gap < LETTER_GAP && SEPARATOR_UNITS[text.charCodeAt(pos + gap)] === 1; gap++) {
        const after = pos + gap + 1;
        const textUnit = text.charCodeAt(after);
        const spaced = textUnit === unit ? used | READ_SEPARATOR : used | READ_SEPARATOR | READ_LEET;
        if (matches(textUnit, unit) && step(at, next, after + 1, Mode.Spaced, high, spaced)) return true;
      }
      return false;
    };

    /**
     * Whether the separator run from `pos` starts with clause marks of `kind` (one or more: `,`,
     * `...`) and a space: then it joins nothing (the marks alone are followed by the space, not a letter).
     */
    const clauseAt = (pos: number, kind: number) => {
      let at = pos;
      while ((CLAUSE_MARK_BITS[text.charCodeAt(at)]! & kind) !== 0) at++;
      return at > pos && text.charCodeAt(at) === SPACE;
    };

    const matches = (textUnit: number, termUnit: number) =>
      textUnit === termUnit || (leet && (LEET_UNITS.get(textUnit)?.includes(termUnit) ?? false));

    /** Goes on at trie position (`at`, `next` units into its label) and text position `pos`. */
    const step = (at: TrieNode, next: number, pos: number, mode: Mode, afterHigh: boolean, used: number): boolean => {
      if (next < at.label.length) return read(at.label.charCodeAt(next), at, next + 1, pos, mode, afterHigh, used);
      if (at.term >= 0 && found(at.term, pos, at.after, used)) return true;
      const children = at.children;
      if (!children) return false;
      if (children.size <= FEW_CHILDREN) {
        for (const child of children.values()) {
          if (read(child.label.charCodeAt(0), child, 1, pos, mode, afterHigh, used)) return true;
        }
        return false;
      }
      // Many branches: only those whose first unit the text could spell here.
      for (const unit of candidates(pos)) {
        const child = children.get(unit);
        if (child && read(unit, child, 1, pos, mode, afterHigh, used)) return true;
      }
      return false;
    };

    /**
     * The term units a text could be read as at `pos`, more than enough: the units there and after
     * a letter gap's worth of separators, their leet letters, and a word gap. `read` tells which hold.
     */
    const candidates = (pos: number): Set<number> => {
      const units = new Set<number>([SPACE]);
      for (let gap = 0; gap <= LETTER_GAP; gap++) {
        const textUnit = text.charCodeAt(pos + gap);
        units.add(textUnit);
        LEET_UNITS.get(textUnit)?.forEach((letter) => units.add(letter));
      }
      return units;
    };

    for (; start < length; start++) {
      const unit = text.charCodeAt(start);
      const flags = firstUnits[unit]!;
      if (flags === 0 || (isLow(unit) && isHigh(text.charCodeAt(start - 1)))) continue;
      for (let kind = 0; kind < 3; kind++) {
        if ((flags & rootFlags[kind]!) === 0) continue;
        if (start > 0 && blocks(codePointBefore(text, start), kind as Edge)) continue;
        const child = roots[kind]!.children!.get(unit)!;
        if (read(unit, child, 1, start, Mode.WordStart, false, 0)) return best;
      }
    }
    return best;
  }
}
