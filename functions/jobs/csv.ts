/**
 * CSV that spreadsheets open safely: fields with a comma, quote or line break are quoted (quotes
 * doubled), and text that a spreadsheet could run as a formula gets a leading `'`: text whose
 * first visible character is `=`, `+`, `-`, `@`, their full-width forms `＝`, `＋`, `－`, `＠`
 * (which spreadsheets in East Asian locales read as the same), their small forms `﹦`, `﹢`, `﹣`,
 * `﹫` or the minus sign `−`, after any leading white space (a no-break space, U+3000, a BOM),
 * control, format or otherwise invisible characters (a zero-width space, a direction mark, a
 * variation selector, a Hangul filler, the blank Braille pattern), which spreadsheets trim or do
 * not show; and text starting with a tab or a carriage return. Numbers and booleans are written
 * as is.
 */
const FORMULA_START =
  /^(?:[\s\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\u2800]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20\uFE66\uFE62\uFE63\uFE6B\u2212]|[\t\r])/u;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(values: readonly (string | number | boolean | null | undefined)[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}
