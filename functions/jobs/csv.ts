/**
 * CSV that spreadsheets open safely: fields with a comma, quote or line break are quoted (quotes
 * doubled), and text that a spreadsheet would run as a formula gets a leading `'`: text starting
 * with `=`, `+`, `-`, `@` or their full-width forms `＝`, `＋`, `－`, `＠` (which spreadsheets
 * in East Asian locales read as the same), with one of those after leading spaces, or with a tab
 * or a carriage return. Numbers and booleans are written as is.
 */
const FORMULA_START = /^(?: *[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|[\t\r])/;
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
