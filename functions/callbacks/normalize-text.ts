/**
 * The one form every rule sees a text in: Unicode NFKC (full-width and styled letters become
 * plain ones: `ＣＡＳＩＮＯ`, `𝐜𝐚𝐬𝐢𝐧𝐨` and `Ⓒasino` read `casino`), without invisible
 * characters (zero-width spaces and joiners, soft hyphens), lower case, and every run of white
 * space as one space.
 */
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/gu;
const WHITE_SPACE = /\s+/gu;

export function normalizeText(text: string): string {
  // NFKC again after lower-casing: a few lower-case forms are not themselves in NFKC.
  return text.normalize('NFKC').replace(INVISIBLE, '').toLowerCase().normalize('NFKC').replace(WHITE_SPACE, ' ').trim();
}
