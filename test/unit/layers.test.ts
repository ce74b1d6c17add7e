/**
 * The lint rule that keeps the layers of functions/ running one way: each import below is linted
 * as if it stood in the file named, and must be refused (or allowed) for the reason given.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ESLint } from 'eslint';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';

const eslint = new ESLint();

async function problems(filePath: string, specifier: string): Promise<string[]> {
  const [result] = await eslint.lintText(`export { x } from '${specifier}';\n`, { filePath });
  return result!.messages
    .filter((message) => message.ruleId === 'no-restricted-imports')
    .map((message) => message.message);
}

describe('module layers', () => {
  test.each([
    [
      'another module through a file of its own',
      'functions/moderation/delivery/handler.ts',
      '../../ledger/dynamodb-ledger.js',
      /through its index/,
    ],
    [
      'another module through a file of its own, from a module file',
      'functions/audit/handler.ts',
      '../ledger/dynamodb-ledger.js',
      /through its index/,
    ],
    [
      'a module of a higher layer',
      'functions/events/schema.ts',
      '../ledger/index.js',
      /Imports run downwards: events may use validation, rules, agora, config, aws/,
    ],
    ['one function module from another', 'functions/audit/handler.ts', '../export/index.js', /Imports run downwards/],
    [
      'the moderation module from the callbacks ingress',
      'functions/callbacks/post-delivery.ts',
      '../moderation/index.js',
      /Imports run downwards/,
    ],
    [
      'the callbacks ingress from the rules engine',
      'functions/rules/rule-set.ts',
      '../callbacks/index.js',
      /Imports run downwards: rules may use validation\./,
    ],
    [
      'the ledger from the rules engine',
      'functions/rules/counting-rules.ts',
      '../ledger/index.js',
      /Imports run downwards: rules may use validation\./,
    ],
    [
      'a file of the rules engine from the callbacks ingress',
      'functions/callbacks/post-delivery.ts',
      '../rules/rule-set.js',
      /through its index/,
    ],
    [
      'a file of the rules engine from the CLI',
      'functions/cli/rules-commands.ts',
      '../rules/rules-report.js',
      /through its index/,
    ],
    [
      'a file of the rules engine from a unit test of the callbacks',
      'test/unit/callbacks/pre-delivery.test.ts',
      '../../../functions/rules/rule-set.js',
      /through its index/,
    ],
    [
      'the CLI from a function module',
      'functions/moderation/delivery/handler.ts',
      '../../cli/index.js',
      /Imports run downwards/,
    ],
    [
      'anything outside functions/ from a folder of a module',
      'functions/moderation/delivery/handler.ts',
      '../../../local/wait-for.js',
      /imports nothing outside functions/,
    ],
    [
      'the delivery from the decision',
      'functions/moderation/decision/bans.ts',
      '../delivery/process-event.js',
      /The decision is pure: it imports nothing of the delivery/,
    ],
    [
      'the Agora client from the decision',
      'functions/moderation/decision/bans.ts',
      '../../agora/index.js',
      /The decision is pure: of the other modules it uses only events and ledger/,
    ],
    ['I/O from the decision', 'functions/moderation/decision/bans.ts', 'node:fs', /The decision is pure: no I\/O/],
    [
      'a file of the decision from the delivery',
      'functions/moderation/delivery/process-event.ts',
      '../decision/bans.js',
      /Use the decision through its index/,
    ],
    [
      'anything outside functions/',
      'functions/jobs/runner.ts',
      '../../local/wait-for.js',
      /imports nothing outside functions/,
    ],
    [
      'a module file from the local stack',
      'local/stack/local-stack.ts',
      '../../functions/agora/transport.js',
      /through its index/,
    ],
    [
      'another module file from a unit test',
      'test/unit/moderation/policy.test.ts',
      '../../../functions/ledger/memory-ledger.js',
      /through its index/,
    ],
    [
      'a module file from a unit test of the stack',
      'test/unit/infra/moderation-stack.test.ts',
      '../../../functions/jobs/continuation.js',
      /through its index/,
    ],
  ])('refuses %s', async (_case, file, specifier, message) => {
    const found = await problems(file, specifier);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(message);
  });

  test.each([
    ['a lower module through its index', 'functions/moderation/delivery/handler.ts', '../../ledger/index.js'],
    ['a file of its own module', 'functions/moderation/delivery/handler.ts', './process-record.js'],
    [
      'the decision through its index from the delivery',
      'functions/moderation/delivery/process-event.ts',
      '../decision/index.js',
    ],
    ['the data it decides on from the decision', 'functions/moderation/decision/bans.ts', '../../ledger/index.js'],
    ['a file of its own from the decision', 'functions/moderation/decision/decide.ts', './bans.js'],
    [
      'the queue contract and the ledger from the callbacks ingress',
      'functions/callbacks/post-delivery.ts',
      '../ledger/index.js',
    ],
    [
      'the rules engine through its index from the callbacks ingress',
      'functions/callbacks/post-delivery.ts',
      '../rules/index.js',
    ],
    ['the validation helpers from the rules engine', 'functions/rules/rules-schema.ts', '../validation/index.js'],
    ['the rules engine through its index from the stack', 'infra/config.ts', '../functions/rules/index.js'],
    [
      'the files of the rules engine from its unit tests',
      'test/unit/rules/term-search.test.ts',
      '../../../functions/rules/term-search.js',
    ],
    [
      'a module through its index from the local stack',
      'local/stack/local-stack.ts',
      '../../functions/moderation/index.js',
    ],
    ['the files of the module a unit test is about', 'test/unit/jobs/csv.test.ts', '../../../functions/jobs/csv.js'],
    [
      'any module file from an integration test',
      'test/integration/audit.test.ts',
      '../../functions/audit/audit-job.js',
    ],
    [
      'any module file from a test helper',
      'test/helpers/moderation-core.ts',
      '../../functions/moderation/delivery/process-event.js',
    ],
  ])('allows %s', async (_case, file, specifier) => {
    expect(await problems(file, specifier)).toEqual([]);
  });
});

/**
 * A face (`functions/<module>/index.ts`) shows what other modules use: at least 80% of the names it
 * exports are imported by code outside the module and outside test/ (tests reach the files). Every
 * face is held to it.
 */
const MIN_SHARE_USED = 0.8;
const ROOT = resolve(import.meta.dirname, '../..');
const NOT_SOURCE = new Set(['node_modules', 'cdk.out', 'dist', 'reports', 'coverage', '.stryker-tmp', '.git', 'test']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory())
      return NOT_SOURCE.has(entry.name) || path.endsWith('tools/node24') ? [] : sourceFiles(path);
    return /\.(ts|mts|js|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

const parse = (file: string) => ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
const specifierOf = (statement: ts.Statement) =>
  (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) &&
  statement.moduleSpecifier &&
  ts.isStringLiteral(statement.moduleSpecifier)
    ? statement.moduleSpecifier.text
    : undefined;
const isExported = (node: ts.Node) =>
  ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

/** The names a file exports, following `export * from`. */
function exportedNames(file: string): string[] {
  return parse(file).statements.flatMap((statement): string[] => {
    if (ts.isExportDeclaration(statement)) {
      if (!statement.exportClause)
        return exportedNames(resolve(dirname(file), specifierOf(statement)!.replace(/\.js$/, '.ts')));
      return ts.isNamedExports(statement.exportClause)
        ? statement.exportClause.elements.map((element) => element.name.text)
        : [];
    }
    if (!isExported(statement)) return [];
    if (ts.isVariableStatement(statement))
      return statement.declarationList.declarations.map((declaration) => declaration.name.getText());
    const name = (statement as { name?: ts.Identifier }).name;
    return name ? [name.text] : [];
  });
}

/** For each module, the names of its face that files outside it import (`*` for a whole namespace). */
function namesUsedOutside(): Map<string, Set<string>> {
  const used = new Map<string, Set<string>>();
  for (const file of sourceFiles(ROOT)) {
    for (const statement of parse(file).statements) {
      const specifier = specifierOf(statement);
      if (!specifier?.startsWith('.')) continue;
      const face = /^functions\/([^/]+)\/index\.js$/.exec(
        relative(ROOT, resolve(dirname(file), specifier)).replaceAll('\\', '/'),
      );
      if (!face || relative(ROOT, file).replaceAll('\\', '/').startsWith(`functions/${face[1]}/`)) continue;
      const names = used.get(face[1]!) ?? new Set<string>();
      used.set(face[1]!, names);
      const declaration = statement as ts.ImportDeclaration | ts.ExportDeclaration;
      const bindings = ts.isImportDeclaration(declaration)
        ? declaration.importClause?.namedBindings
        : declaration.exportClause;
      if (bindings && (ts.isNamedImports(bindings) || ts.isNamedExports(bindings))) {
        bindings.elements.forEach((element) => names.add((element.propertyName ?? element.name).text));
      } else if (!ts.isImportDeclaration(declaration) || bindings) {
        names.add('*'); // a namespace import or `export *`: every name counts as used
      }
    }
  }
  return used;
}

describe('module faces', () => {
  const used = namesUsedOutside();
  const modules = readdirSync(join(ROOT, 'functions'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && readdirSync(join(ROOT, 'functions', entry.name)).includes('index.ts'))
    .map((entry) => entry.name);

  test('are found', () => {
    expect(modules).toEqual(expect.arrayContaining(['agora', 'callbacks', 'jobs', 'ledger', 'moderation', 'rules']));
  });

  test.each(modules)(`%s exports names other modules use (at least ${MIN_SHARE_USED * 100}%)`, (module) => {
    const names = exportedNames(join(ROOT, 'functions', module, 'index.ts'));
    const outside = used.get(module) ?? new Set<string>();
    const unused = names.filter((name) => !outside.has(name) && !outside.has('*'));
    expect(names.length).toBeGreaterThan(0);
    // On failure, the message names what only tests use: import those from their files in the tests instead.
    expect(
      (names.length - unused.length) / names.length,
      `unused outside ${module}: ${unused.join(', ')}`,
    ).toBeGreaterThanOrEqual(MIN_SHARE_USED);
  });
});
