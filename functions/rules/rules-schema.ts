/**
 * The moderation rules of the callbacks ingress: one zod schema, read from `MODERATION_RULES`
 * (JSON) locally and from the CDK setting `callbacks.rules` when deployed.
 *
 * A rule has a name and exactly one kind: `terms` (whole words, after normalisation), `pattern`
 * (RE2 syntax: linear time whatever the text), `flood` (a group's messages in a window) or
 * `repeat` (one text from that many distinct senders in a window). Only `terms` and `pattern`
 * rules may `reject` a message before delivery: counting needs the shared state, which the
 * pre-delivery path never waits for.
 */
import { RE2JS } from 're2js';
import { PATTERN_PROGRAM_LIMITS, programSize } from './pattern-cost.js';
import * as z from 'zod';
import { issueLines, issueMessage } from '../validation/index.js';
import { normalizeText } from './normalize-text.js';

/**
 * A rule's name is its violation category, the `code` of a rejection and part of event ids and
 * metric dimensions, so it keeps to characters all of them take.
 */
const ruleNameSchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9_-]{0,63}$/,
    'expected 1 to 64 lower-case letters, digits, "-" or "_", starting with a letter or digit',
  );

/** Bounds that keep compiling and matching cheap; far above what a rule set needs. */
export const RULE_LIMITS = { rules: 50, terms: 2_000, termLength: 200, patternLength: 1_000 } as const;

const term = z
  .string()
  .max(RULE_LIMITS.termLength)
  .refine((text) => normalizeText(text).length > 0, 'a term must keep at least one character after normalisation');

const pattern = z
  .string()
  .min(1)
  .max(RULE_LIMITS.patternLength)
  .superRefine((source, ctx) => {
    try {
      RE2JS.compile(source);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `not a valid RE2 pattern: ${(error as Error).message}` });
      return;
    }
    const size = programSize(source) ?? 0;
    if (size > PATTERN_PROGRAM_LIMITS.pattern) {
      ctx.addIssue({
        code: 'custom',
        message: `compiles to ${size} instructions, over the bound of ${PATTERN_PROGRAM_LIMITS.pattern} that keeps a verdict cheap (a counted repetition such as {300,} copies what it repeats: use a smaller count)`,
      });
    }
  });

const common = {
  name: ruleNameSchema,
  /** Reject matching messages at pre-delivery (`terms` and `pattern` rules). @default false */
  reject: z.boolean().default(false),
};

const termsRule = z.strictObject({
  ...common,
  terms: z.array(term).min(1).max(RULE_LIMITS.terms),
  /** Texts in which a term is no hit (`"scunthorpe"` for the term `"cunt"`), read in the terms' own match form. @default [] */
  allow: z.array(term).max(RULE_LIMITS.terms).optional(),
  /** Letters spaced by separators (`c.a.s.i.n.o`) and words joined by any run of them (`crypto-pump`). @default true */
  separators: z.boolean().optional(),
  /** Digits and symbols read as the letters they stand for (`c4s1n0`, `ca$ino`). @default true */
  leet: z.boolean().optional(),
  /** A Hangul term followed by a Korean particle (`시발아`). @default true */
  particles: z.boolean().optional(),
});
const patternRule = z.strictObject({ ...common, pattern });
const floodRule = z.strictObject({
  ...common,
  reject: z.literal(false, 'a flood rule cannot reject: counting happens after delivery').default(false),
  flood: z.strictObject({
    messages: z.number().int().min(2).max(10_000),
    windowSeconds: z.number().int().min(1).max(3_600),
  }),
});
const repeatRule = z.strictObject({
  ...common,
  reject: z.literal(false, 'a repeat rule cannot reject: counting happens after delivery').default(false),
  repeat: z.strictObject({
    senders: z.number().int().min(2).max(1_000),
    windowSeconds: z.number().int().min(1).max(86_400),
  }),
});

const KINDS = ['terms', 'pattern', 'flood', 'repeat'] as const;

type AnyRule =
  z.output<typeof termsRule> | z.output<typeof patternRule> | z.output<typeof floodRule> | z.output<typeof repeatRule>;

/**
 * One rule, of whichever kind its own key names; a rule with none or several is refused. A
 * refused rule still passes its input on (the parse has failed anyway), so that the check of
 * unique names sees every name and every problem shows at once.
 */
const ruleSchema = z.unknown().transform((value, ctx): AnyRule => {
  const kinds = value && typeof value === 'object' ? KINDS.filter((kind) => kind in value) : [];
  if (kinds.length !== 1) {
    ctx.addIssue({
      code: 'custom',
      message: `a rule needs exactly one of ${KINDS.map((kind) => `"${kind}"`).join(', ')}${kinds.length > 1 ? `; it has ${kinds.join(' and ')}` : ''}`,
    });
    return value as AnyRule;
  }
  const schema = { terms: termsRule, pattern: patternRule, flood: floodRule, repeat: repeatRule }[kinds[0]!];
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues)
    ctx.addIssue({ code: 'custom', path: issue.path, message: issueMessage(issue) });
  return value as AnyRule;
});

/** The patterns of a set together compile to at most the set's bound, each named with its size when they do not. */
function patternsWithinBound(rules: unknown[], ctx: z.core.$RefinementCtx): void {
  const sizes = rules.flatMap((rule, index) => {
    const source = rule && typeof rule === 'object' ? (rule as { pattern?: unknown }).pattern : undefined;
    const size = typeof source === 'string' ? programSize(source) : undefined;
    // A pattern over its own bound is refused as such; the set's bound is about the others.
    return size === undefined || size > PATTERN_PROGRAM_LIMITS.pattern ? [] : [{ index, size }];
  });
  const total = sizes.reduce((sum, { size }) => sum + size, 0);
  if (total <= PATTERN_PROGRAM_LIMITS.set) return;
  ctx.addIssue({
    code: 'custom',
    message: `the patterns compile to ${total} instructions together (${sizes.map(({ index, size }) => `rules[${index}] ${size}`).join(', ')}), over the set's bound of ${PATTERN_PROGRAM_LIMITS.set}`,
  });
}

/** Names must differ; checked even when some rule is invalid, so that every problem shows at once. */
function uniqueNames(rules: unknown[], ctx: z.core.$RefinementCtx): void {
  const seen = new Map<string, number>();
  rules.forEach((rule, index) => {
    const name = rule && typeof rule === 'object' ? (rule as { name?: unknown }).name : undefined;
    if (typeof name !== 'string') return;
    const first = seen.get(name);
    if (first !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: [index, 'name'],
        message: `"${name}" is already the name of rules[${first}]`,
      });
    else seen.set(name, index);
  });
}

export const rulesSchema = z.strictObject({
  rules: z
    .array(ruleSchema)
    .max(RULE_LIMITS.rules)
    .check(
      z.superRefine(
        (rules: unknown[], ctx) => {
          uniqueNames(rules, ctx);
          patternsWithinBound(rules, ctx);
        },
        { when: (payload) => Array.isArray(payload.value) },
      ),
    ),
  /** Compute, log and meter every match, but send no event and reject nothing. @default false */
  dryRun: z.boolean().default(false),
});

export type RuleSet = z.output<typeof rulesSchema>;
export type Rule = RuleSet['rules'][number];
export type TermsRule = z.output<typeof termsRule>;
export type PatternRule = z.output<typeof patternRule>;
export type FloodRule = z.output<typeof floodRule>;
export type RepeatRule = z.output<typeof repeatRule>;

/** No rules: every message passes and nothing is counted. */
export const NO_RULES: RuleSet = { rules: [], dryRun: false };

export type ParsedRules = { ok: true; rules: RuleSet } | { ok: false; problems: string[] };

/** Reads a rule set from JSON text, naming every problem (`rules[1].pattern: ...`). */
export function parseRulesJson(text: string): ParsedRules {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [`not JSON: ${(error as Error).message}`] };
  }
  return parseRules(json);
}

export function parseRules(value: unknown): ParsedRules {
  const parsed = rulesSchema.safeParse(value);
  return parsed.success
    ? { ok: true, rules: parsed.data }
    : { ok: false, problems: issueLines(parsed.error, { whole: '(rules)' }) };
}
