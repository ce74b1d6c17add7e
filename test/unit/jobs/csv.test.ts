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
    ['＝SUM(A1)', "'＝SUM(A1)"],
    ['＋1', "'＋1"],
    ['－1', "'－1"],
    ['＠admin', "'＠admin"],
    [' =1+1', "' =1+1"],
    ['   @x', "'   @x"],
    [' plain', ' plain'],
    ['a=b', 'a=b'],
    ['', ''],
  ])('%j becomes %j', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  test('numbers and booleans are written as they are, negative numbers included', () => {
    expect(csvRow([-5, true, null, 'x'])).toBe('-5,true,,x\r\n');
  });

  test('a row parses back to its values, except the guard before formula-like text', () => {
    const values = ['a,b', 'say "hi"', 'two\r\nlines', '=1+1', 'ok'];
    expect(parseCsv(csvRow(values))).toEqual([['a,b', 'say "hi"', 'two\r\nlines', "'=1+1", 'ok']]);
  });
});
