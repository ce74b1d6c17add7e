import { describe, expect, test } from 'vitest';
import { csvField, csvRow } from '../../../functions/jobs/csv.js';
import { parseCsv } from '../../helpers/parse-csv.js';

describe('csvField', () => {
  test.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=SUM(A1:A9)', "'=SUM(A1:A9)"],
    ['+1 555', "'+1 555"],
    ['-rf', "'-rf"],
    ['@admin', "'@admin"],
    ['=HYPERLINK("x","y")', `"'=HYPERLINK(""x"",""y"")"`],
    ['\tcmd', "'\tcmd"],
    ['\t', "'\t"],
    ['\rcmd', `"'\rcmd"`],
    ['\r=1+1', `"'\r=1+1"`],
    ['＝SUM(A1)', "'＝SUM(A1)"],
    ['＋1', "'＋1"],
    ['－1', "'－1"],
    ['＠admin', "'＠admin"],
    [' =1+1', "' =1+1"],
    ['   @x', "'   @x"],
    ['\u00A0=1+1', "'\u00A0=1+1"],
    ['\u200B=1+1', "'\u200B=1+1"],
    ['\uFEFF=1+1', "'\uFEFF=1+1"],
    ['\u3000=1+1', "'\u3000=1+1"],
    ['\u200E\u00A0 +1', "'\u200E\u00A0 +1"],
    ['\u0001-1', "'\u0001-1"],
    ['\u2028@x', "'\u2028@x"],
    ['\u034F=1+1', "'\u034F=1+1"],
    ['\uFE0F+1', "'\uFE0F+1"],
    ['\u{E0100}-1', "'\u{E0100}-1"],
    ['\u3164@x', "'\u3164@x"],
    ['\u115F\uFFA0=1', "'\u115F\uFFA0=1"],
    ['\u2800=1', "'\u2800=1"],
    ['\uFE66SUM(A1)', "'\uFE66SUM(A1)"],
    ['\uFE62\uFE63\uFE6B', "'\uFE62\uFE63\uFE6B"],
    ['\u22121', "'\u22121"],
    ['\u00A0plain', '\u00A0plain'],
    ['\u034Fplain', '\u034Fplain'],
    ['\u200Ba=b', '\u200Ba=b'],
    [' plain', ' plain'],
    ['a=b', 'a=b'],
    ['', ''],
  ])('%j becomes %j', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  test('numbers and booleans are written as they are, negative numbers included; null and undefined as empty fields', () => {
    expect(csvRow([-5, true, false, null, undefined, 'x'])).toBe('-5,true,false,,,x\r\n');
  });

  test('a tab or a carriage return after leading spaces is not a formula start', () => {
    expect(csvField(' \tx')).toBe(' \tx');
    expect(csvField('a\tb')).toBe('a\tb');
  });

  test('a row parses back to its values, except the guard before formula-like text', () => {
    const values = ['a,b', 'say "hi"', 'two\r\nlines', '=1+1', 'ok'];
    expect(parseCsv(csvRow(values))).toEqual([['a,b', 'say "hi"', 'two\r\nlines', "'=1+1", 'ok']]);
  });
});
