/**
 * Schedule settings checked the way EventBridge Scheduler checks them, so `cdk synth` refuses
 * what a deploy would: cron expressions and time zones.
 */
import { z } from 'zod';

const CRON_FIELDS = [
  { name: 'minutes', allowed: /^[0-9,*/-]+$/ },
  { name: 'hours', allowed: /^[0-9,*/-]+$/ },
  { name: 'day-of-month', allowed: /^[0-9,*/?LW-]+$/ },
  { name: 'month', allowed: /^[0-9A-Za-z,*/-]+$/ },
  { name: 'day-of-week', allowed: /^[0-9A-Za-z,*?L#-]+$/ },
  { name: 'year', allowed: /^[0-9,*/-]+$/ },
] as const;

/**
 * Scheduler's cron: `cron(minutes hours day-of-month month day-of-week year)`, where exactly one
 * of day-of-month and day-of-week is `?`, e.g. `cron(0 3 * * ? *)`.
 */
export const schedulerCron = z.string().superRefine((expression, ctx) => {
  const fields = /^cron\((.*)\)$/.exec(expression)?.[1]?.trim().split(/\s+/);
  if (fields?.length !== CRON_FIELDS.length) {
    ctx.addIssue({
      code: 'custom',
      message: 'expected a Scheduler cron expression of six fields, such as cron(0 3 * * ? *)',
    });
    return;
  }
  CRON_FIELDS.forEach(({ name, allowed }, index) => {
    if (!allowed.test(fields[index]!))
      ctx.addIssue({ code: 'custom', message: `the ${name} field "${fields[index]}" is not one Scheduler accepts` });
  });
  const [, , dayOfMonth, , dayOfWeek] = fields;
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    ctx.addIssue({
      code: 'custom',
      message:
        'exactly one of day-of-month and day-of-week must be ?, e.g. cron(0 3 * * ? *) or cron(0 3 ? * MON-FRI *)',
    });
  }
});

/** The zone this Node.js resolves a name to, or undefined for a name it does not know. */
function resolvedZone(zone: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/**
 * An IANA time zone: `UTC` or a name in `Intl.supportedValuesOf('timeZone')`. ICU lists some
 * zones under older names (`Asia/Calcutta`, `Europe/Kiev`), so a current `Area/Location` name
 * that resolves to a listed zone (`Asia/Kolkata`, `Europe/Kyiv`) is accepted too; offsets,
 * abbreviations and other spellings are not.
 */
export const ianaTimeZone = z.string().superRefine((zone, ctx) => {
  const known = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);
  if (known.has(zone)) return;
  const resolved = resolvedZone(zone);
  if (resolved && known.has(resolved) && /^[A-Z][A-Za-z_]+(\/[A-Z][A-Za-z0-9_+-]+)+$/.test(zone)) return;
  const hint = resolved && known.has(resolved) ? `; did you mean ${resolved}?` : '';
  ctx.addIssue({ code: 'custom', message: `expected an IANA time zone name such as Europe/Berlin or UTC${hint}` });
});
