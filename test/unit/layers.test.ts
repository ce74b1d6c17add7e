/**
 * The lint rule that keeps the layers of functions/ running one way: each import below is linted
 * as if it stood in the file named, and must be refused (or allowed) for the reason given.
 */
import { ESLint } from 'eslint';
import { describe, expect, test } from 'vitest';

const eslint = new ESLint();

async function problems(filePath: string, specifier: string): Promise<string[]> {
  const [result] = await eslint.lintText(`export { x } from '${specifier}';\n`, { filePath });
  return result!.messages.filter((message) => message.ruleId === 'no-restricted-imports').map((message) => message.message);
}

describe('module layers', () => {
  test.each([
    ['another module through a file of its own', 'functions/moderation/delivery/handler.ts', '../../ledger/dynamodb-ledger.js', /through its index/],
    ['another module through a file of its own, from a module file', 'functions/audit/handler.ts', '../ledger/dynamodb-ledger.js', /through its index/],
    ['a module of a higher layer', 'functions/events/schema.ts', '../ledger/index.js', /Imports run downwards: events may use validation, agora, config, aws/],
    ['one function module from another', 'functions/audit/handler.ts', '../export/index.js', /Imports run downwards/],
    ['the moderation module from the callbacks ingress', 'functions/callbacks/post-delivery.ts', '../moderation/index.js', /Imports run downwards/],
    ['the CLI from a function module', 'functions/moderation/delivery/handler.ts', '../../cli/index.js', /Imports run downwards/],
    ['anything outside functions/ from a folder of a module', 'functions/moderation/delivery/handler.ts', '../../../local/wait-for.js', /imports nothing outside functions/],
    ['the delivery from the decision', 'functions/moderation/decision/bans.ts', '../delivery/process-event.js', /The decision is pure: it imports nothing of the delivery/],
    ['the Agora client from the decision', 'functions/moderation/decision/bans.ts', '../../agora/index.js', /The decision is pure: of the other modules it uses only events and ledger/],
    ['I/O from the decision', 'functions/moderation/decision/bans.ts', 'node:fs', /The decision is pure: no I\/O/],
    ['a file of the decision from the delivery', 'functions/moderation/delivery/process-event.ts', '../decision/bans.js', /Use the decision through its index/],
    ['anything outside functions/', 'functions/jobs/runner.ts', '../../local/wait-for.js', /imports nothing outside functions/],
    ['a module file from the local stack', 'local/stack/local-stack.ts', '../../functions/agora/transport.js', /through its index/],
    ['another module file from a unit test', 'test/unit/moderation/policy.test.ts', '../../../functions/ledger/memory-ledger.js', /through its index/],
  ])('refuses %s', async (_case, file, specifier, message) => {
    const found = await problems(file, specifier);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(message);
  });

  test.each([
    ['a lower module through its index', 'functions/moderation/delivery/handler.ts', '../../ledger/index.js'],
    ['a file of its own module', 'functions/moderation/delivery/handler.ts', './process-record.js'],
    ['the decision through its index from the delivery', 'functions/moderation/delivery/process-event.ts', '../decision/index.js'],
    ['the data it decides on from the decision', 'functions/moderation/decision/bans.ts', '../../ledger/index.js'],
    ['a file of its own from the decision', 'functions/moderation/decision/decide.ts', './bans.js'],
    ['the queue contract and the ledger from the callbacks ingress', 'functions/callbacks/post-delivery.ts', '../ledger/index.js'],
    ['a module through its index from the local stack', 'local/stack/local-stack.ts', '../../functions/moderation/index.js'],
    ['the files of the module a unit test is about', 'test/unit/jobs/csv.test.ts', '../../../functions/jobs/csv.js'],
  ])('allows %s', async (_case, file, specifier) => {
    expect(await problems(file, specifier)).toEqual([]);
  });
});
