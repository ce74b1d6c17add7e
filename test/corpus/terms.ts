/**
 * The terms the matching corpus is built from, and the rule set the matching benchmark runs: the
 * corpus terms in one `terms` rule, filler terms up to 100, and 10 patterns (those of the verdict
 * benchmark), with each rule's defaults (separators, leet and particles on).
 */
import type { RuleSet } from '../../functions/rules/index.js';

/** Latin terms, one word or two, that evasions are generated from. */
export const LATIN_TERMS = [
  'casino',
  'telegram',
  'viagra',
  'escort',
  'bitcoin',
  'crypto pump',
  'free spins',
  'sex',
  'cunt',
  'whatsapp',
] as const;
/** A simplified Chinese term, a katakana one, and Hangul ones. */
export const CJK_TERMS = { simplified: '赌场', katakana: 'カジノ', hangul: '시발', hangulCasino: '카지노' } as const;

export const CORPUS_TERMS: string[] = [...LATIN_TERMS, ...Object.values(CJK_TERMS)];

/** The 10 patterns both the matching and the verdict benchmarks run. */
export const PATTERNS = [
  'https?://\\S+\\.(ru|xyz|top|click)\\b',
  '\\b(bit\\.ly|t\\.me|wa\\.me)/\\w+',
  '\\b\\d{3}[-. ]?\\d{3}[-. ]?\\d{4}\\b',
  '\\b(0x)?[0-9a-f]{40}\\b',
  '\\b[13][a-km-zA-HJ-NP-Z1-9]{25,34}\\b',
  '(free|cheap|discount)\\s+(coins?|tokens?|crypto)',
  '\\$\\d+k?\\s*(per|a)\\s*(day|week)',
  '[!?$]{5,}',
  '[\\w.+-]+@[\\w-]+\\.(ru|xyz)',
  // Catastrophic for a backtracking engine on "aaaa…"; linear in RE2.
  '^(a+)+b',
];

/** Filler terms of ordinary length that no corpus text holds. */
const FILLER = Array.from(
  { length: 100 - CORPUS_TERMS.length },
  (_, i) => `forbidden${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}word`,
);

export const CORPUS_RULES: RuleSet = {
  dryRun: false,
  rules: [
    { name: 'banned-terms', reject: true, terms: CORPUS_TERMS },
    { name: 'filler-terms', reject: true, terms: FILLER },
    ...PATTERNS.map((pattern, i) => ({ name: `pattern-${i}`, pattern, reject: false })),
  ],
};
