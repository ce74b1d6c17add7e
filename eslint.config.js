import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layers of functions/, bottom first: a module may import only modules of lower layers, and
 * only through their index.ts. The function modules (one Lambda each) share a layer, so none
 * imports another.
 */
const LAYERS = [['validation'], ['agora'], ['config'], ['aws'], ['events'], ['ledger'], ['lambda'], ['jobs'], ['moderation', 'audit', 'export', 'callbacks'], ['cli']];
const MODULES = LAYERS.flat();
const layerOf = (module) => LAYERS.findIndex((layer) => layer.includes(module));
const names = (list) => list.join('|');

/** An import of a module's file other than its index, from outside the module. */
const throughIndexOnly = (modules, message) => ({
  regex: `(^|/)functions/(${names(modules)})/(?!index\\.js$)`,
  message,
});

function moduleRules(module) {
  const above = MODULES.filter((other) => other !== module && layerOf(other) >= layerOf(module));
  const below = MODULES.filter((other) => layerOf(other) < layerOf(module));
  const patterns = [
    {
      regex: `^\\.\\./(${names(MODULES.filter((other) => other !== module))})/(?!index\\.js$)`,
      message: 'Use the other module through its index.ts.',
    },
    { regex: '^\\.\\./\\.\\./', message: 'functions/ imports nothing outside functions/.' },
  ];
  if (above.length > 0) {
    patterns.push({
      regex: `^\\.\\./(${names(above)})/`,
      message: `Imports run downwards: ${module} may use ${below.join(', ') || 'no other module'}.`,
    });
  }
  return { files: [`functions/${module}/**/*.ts`], rules: { 'no-restricted-imports': ['error', { patterns }] } };
}

/** Unit tests of a module may reach its files; every other module only through its index. */
const unitTestRules = (module) => ({
  files: [`test/unit/${module}/**/*.ts`],
  rules: {
    'no-restricted-imports': ['error', { patterns: [throughIndexOnly(MODULES.filter((other) => other !== module), 'Use the module through its index.ts.')] }],
  },
});

export default tseslint.config(
  { ignores: ['node_modules/', 'tools/node24/node_modules/', 'cdk.out/', 'coverage/', 'dist/', 'reports/', '.stryker-tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['local/**/*.ts', 'bench/**/*.ts', 'infra/**/*.ts', 'test/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [throughIndexOnly(MODULES, 'Use the module through its index.ts.')] }] },
  },
  ...MODULES.map(unitTestRules),
  ...MODULES.map(moduleRules),
  {
    // Plain JavaScript run by Node.js directly (bin/, tools/, the bundle driver).
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', performance: 'readonly', URL: 'readonly' } },
  },
);
