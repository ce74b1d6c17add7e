/**
 * The one form every rule sees a text in: Unicode NFKC (full-width and styled letters become
 * plain ones: `ＣＡＳＩＮＯ`, `𝐜𝐚𝐬𝐢𝐧𝐨` and `Ⓒasino` read `casino`), without invisible
 * characters (zero-width spaces and joiners, soft hyphens) nor any control or format character
 * but white space (`\p{Cc}`, `\p{Cf}`: U+0001, U+FFF9, U+0600 are not Default_Ignorable and
 * would split a word), lower case with the Turkish `İ` as `i` (not `i` and a combining dot), and
 * every run of white space as one space. `terms` rules match on folds of this form as well (see
 * text-folds.ts).
 */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}]|[^\P{Cc}\s]/gu;
const DOTTED_CAPITAL_I = /\u0130/g;
const WHITE_SPACE = /\s+/gu;
/**
 * Text already in that form, read without building four copies of it: printable ASCII (NFKC
 * leaves ASCII as it is, none of it is invisible) without upper-case letters, single spaces
 * between, none at either end. Most terms of a rule set look like this, and a large set
 * normalises a hundred thousand of them at init.
 */
const ALREADY_NORMAL = /^[!-@[-~]+(?: [!-@[-~]+)*$/;

/** NFKC: full-width, styled, circled and other compatibility forms as their plain letters. */
export const compatibilityForm = (text: string): string => text.normalize('NFKC');
/** Invisible, control and format characters removed, white space kept. */
export const withoutInvisible = (text: string): string => text.replace(INVISIBLE, '');
/** Lower case, the Turkish `İ` as `i`; NFKC again, as a few lower-case forms are not themselves in NFKC. */
export const caseFolded = (text: string): string => text.replace(DOTTED_CAPITAL_I, 'i').toLowerCase().normalize('NFKC');

/** The three steps above, in that order, then every run of white space as one space: the normal form but its trim. */
export const untrimmedNormalForm = (text: string): string =>
  caseFolded(withoutInvisible(compatibilityForm(text))).replace(WHITE_SPACE, ' ');

/** The normal form: `untrimmedNormalForm`, trimmed. */
export function normalizeText(text: string): string {
  if (ALREADY_NORMAL.test(text)) return text;
  return untrimmedNormalForm(text).trim();
}
