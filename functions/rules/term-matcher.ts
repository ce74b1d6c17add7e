/**
 * Finds the terms of a `terms` rule in a normalised text as whole words, without a regular
 * expression: a radix (compressed) trie over the terms, walked from the code-point starts of the
 * text where a term may begin.
 *
 * Why a radix trie and not Aho–Corasick: the largest rule set the schema takes holds 50 × 2,000
 * terms of 200 characters, 20 million characters. Aho–Corasick needs a node and a failure link
 * for every character of every term (20 million nodes, hundreds of megabytes, seconds to link
 * at init); a radix trie needs a node per branching point (about two a term), its edges are
 * slices of the terms themselves, and building it compares only the prefixes terms share: the
 * largest set builds in about 0.15 s at init (65 ms once warm; `npm run bench:terms`) where RE2JS
 * compiled it in 18–29 s. What the trie gives up is Aho–Corasick's one step per character of
 * text: a walk from one start compares at most the longest term, so the worst case (below) is the
 * text's length times the longest term.
 *
 * Word edges, as the RE2 alternation this replaces wrote them: a term whose first (last) code
 * point is a letter or digit of a script written with spaces must not be preceded (followed) by
 * a letter, mark or digit; any other edge (a symbol, a mark, a Han or Thai character, ...) matches
 * anywhere. Terms that need a left edge live in a trie of their own, walked only from the starts
 * of words, so a text is walked from inside its words only for the terms that may begin there.
 *
 * Cost of one text of n UTF-16 code units: at most n × L code units compared, L the longest
 * normalised term (a walk from a start follows one path, each edge compared at once with
 * `startsWith` and entered only on its first unit); walks stop at the first edge that differs,
 * so ordinary text costs a table lookup a start and a map lookup or two where a term's first
 * character is. The worst case is reached only by terms built like `a z`, `a a z`, `a a a z`, …
 * (a branching node every repetition) against `a a a …`: 64 KB against 50 such rules of 2,000
 * terms takes seconds. Memory: the terms plus a node for each branching point.
 */

const WORD_AT = /[\p{L}\p{M}\p{N}]/uy;
const HAS_WORD_EDGE = /[\p{L}\p{N}]/u;
const UNSPACED_SCRIPT = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}]/u;
/** Word code points among ASCII, looked up without a regular expression. */
const ASCII_WORD = Uint8Array.from({ length: 128 }, (_, unit) => (/[0-9a-zA-Z]/.test(String.fromCharCode(unit)) ? 1 : 0));

const isHigh = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;
const isLow = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;

/** Whether the code point starting at `index` (a code-point start inside `text`) is a letter, mark or digit. */
function isWordAt(text: string, index: number): boolean {
  const unit = text.charCodeAt(index);
  if (unit < 128) return ASCII_WORD[unit] === 1;
  WORD_AT.lastIndex = index;
  return WORD_AT.test(text);
}

/** Whether a term's edge at this code point needs a word edge in the text. */
const edgeCache = new Map<number, boolean>();
function needsEdge(codePoint: number | undefined): boolean {
  if (codePoint === undefined) return false;
  let needs = edgeCache.get(codePoint);
  if (needs === undefined) {
    const char = String.fromCodePoint(codePoint);
    edgeCache.set(codePoint, (needs = HAS_WORD_EDGE.test(char) && !UNSPACED_SCRIPT.test(char)));
  }
  return needs;
}

function lastCodePoint(term: string): number | undefined {
  if (term.length === 0) return undefined;
  const last = term.charCodeAt(term.length - 1);
  return term.length >= 2 && isLow(last) && isHigh(term.charCodeAt(term.length - 2)) ? term.codePointAt(term.length - 2) : last;
}

interface TrieNode {
  /** The edge into this node (empty for the root); its first code unit is its key in the parent. */
  label: string;
  children: Map<number, TrieNode> | undefined;
  /** The index of the term that ends here, or -1. */
  term: number;
  /** Whether that term must be followed by a code point that is not a letter, mark or digit. */
  after: boolean;
  /** The smallest term index in this subtree: a search for the first term skips what cannot win. */
  least: number;
}

const node = (label: string, least: number): TrieNode => ({ label, children: undefined, term: -1, after: false, least });

function insert(root: TrieNode, term: string, index: number, after: boolean): void {
  let at = root;
  let pos = 0;
  while (pos < term.length) {
    const unit = term.charCodeAt(pos);
    let child = at.children?.get(unit);
    if (!child) {
      child = node(term.slice(pos), index);
      (at.children ??= new Map()).set(unit, child);
      at = child;
      break;
    }
    const label = child.label;
    const limit = Math.min(label.length, term.length - pos);
    let shared = 1;
    while (shared < limit && label.charCodeAt(shared) === term.charCodeAt(pos + shared)) shared++;
    if (shared < label.length) {
      // The term leaves (or ends inside) this edge: split it where they part.
      const middle = node(label.slice(0, shared), child.least);
      child.label = label.slice(shared);
      middle.children = new Map([[child.label.charCodeAt(0), child]]);
      at.children!.set(unit, middle);
      child = middle;
    }
    at = child;
    pos += shared;
  }
  if (at.term < 0) {
    at.term = index;
    at.after = after;
  }
}

/**
 * The smallest index below `best` of a term of `root` that `text` holds from `start` (a
 * code-point start) on, with its right edge; `best` when there is none. With `any`, the first
 * term found will do.
 */
function walk(root: TrieNode, text: string, start: number, best: number, any: boolean): number {
  let at = root;
  let pos = start;
  while (pos < text.length) {
    const child = at.children?.get(text.charCodeAt(pos));
    if (!child || child.least >= best || !text.startsWith(child.label, pos)) return best;
    pos += child.label.length;
    at = child;
    if (at.term >= 0 && at.term < best && endsAt(text, pos, at.after)) {
      best = at.term;
      if (any) return best;
    }
  }
  return best;
}

/** Whether a term found up to `end` ends on a code-point boundary, with its right word edge if it needs one. */
function endsAt(text: string, end: number, after: boolean): boolean {
  if (end === text.length) return true;
  if (isLow(text.charCodeAt(end)) && isHigh(text.charCodeAt(end - 1))) return false;
  return !after || !isWordAt(text, end);
}

/**
 * Where the words of a text start (a letter, mark or digit after anything else, or at the
 * start), the only places a term that needs a left edge can begin. Every terms rule of a set reads
 * the same normalised text in turn, so the last text's word starts are kept for the next rule.
 */
let lastWordStarts: { text: string; starts: Int32Array } | undefined;
function wordStartsOf(text: string): Int32Array {
  if (lastWordStarts?.text === text) return lastWordStarts.starts;
  const starts = new Int32Array(text.length);
  let count = 0;
  let afterWord = false;
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    const word = isWordAt(text, index);
    if (word && !afterWord) starts[count++] = index;
    afterWord = word;
    if (isHigh(unit) && isLow(text.charCodeAt(index + 1))) index++;
  }
  lastWordStarts = { text, starts: starts.subarray(0, count) };
  return lastWordStarts.starts;
}

/** The first code units the root's edges start with, looked up before the root's map. */
function firstUnits(root: TrieNode): Uint8Array {
  const units = new Uint8Array(0x10000);
  for (const unit of root.children?.keys() ?? []) units[unit] = 1;
  return units;
}

/** Finds a rule's terms in a normalised text. */
export interface TermMatcher {
  /** Whether the text holds any of the terms as a whole word. */
  test(text: string): boolean;
  /** The first of the terms, in their order, that the text holds as a whole word. */
  firstTerm(text: string): string | undefined;
}

/** A matcher for `terms` (normalised, distinct), built in time linear in their total length. */
export function termMatcher(terms: readonly string[]): TermMatcher {
  /** Terms that may start anywhere, and terms that start only where a word does. */
  const anywhere = node('', Infinity);
  const atWordStart = node('', Infinity);
  terms.forEach((term, index) => {
    const root = needsEdge(term.codePointAt(0)) ? atWordStart : anywhere;
    root.least = Math.min(root.least, index);
    insert(root, term, index, needsEdge(lastCodePoint(term)));
  });
  const anywhereUnits = anywhere.children && firstUnits(anywhere);
  const wordStartUnits = atWordStart.children && firstUnits(atWordStart);
  // The empty term (no rule set holds one: the schema refuses it) is found in every text.
  const always = anywhere.term >= 0 ? anywhere.term : Infinity;

  /** The index of the first term the text holds (any term, with `any`), or Infinity. */
  const search = (text: string, any: boolean): number => {
    let best = always;
    if (anywhereUnits) {
      for (let start = 0; start < text.length && best > anywhere.least; start++) {
        const unit = text.charCodeAt(start);
        if (anywhereUnits[unit] === 0 || (isLow(unit) && start > 0 && isHigh(text.charCodeAt(start - 1)))) continue;
        best = walk(anywhere, text, start, best, any);
        if (any && best !== Infinity) return best;
      }
    }
    if (wordStartUnits && best > atWordStart.least) {
      for (const start of wordStartsOf(text)) {
        if (wordStartUnits[text.charCodeAt(start)] === 0) continue;
        best = walk(atWordStart, text, start, best, any);
        if (best <= atWordStart.least || (any && best !== Infinity)) break;
      }
    }
    return best;
  };
  return {
    test: (text) => search(text, true) !== Infinity,
    firstTerm: (text) => {
      const found = search(text, false);
      return found === Infinity ? undefined : terms[found];
    },
  };
}
