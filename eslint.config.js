import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layers of functions/, bottom first: a module may import only modules of lower layers, and
 * only through their index.ts. The function modules (one Lambda each) share a layer, so none
 * imports another. The rules engine sits just above validation, the one module it uses: the
 * callbacks ingress, the CLI and the stack read rules through it.
 */
const LAYERS = [
  ['validation'],
  ['rules'],
  ['agora'],
  ['config'],
  ['aws'],
  ['events'],
  ['ledger'],
  ['lambda'],
  ['jobs'],
  ['moderation', 'audit', 'export', 'callbacks'],
  ['cli'],
];
const MODULES = LAYERS.flat();
const layerOf = (module) => LAYERS.findIndex((layer) => layer.includes(module));
const names = (list) => list.join('|');

/** An import of a module's file other than its index, from outside the module. */
const throughIndexOnly = (modules, message) => ({
  regex: `(^|/)functions/(${names(modules)})/(?!index\\.js$)`,
  message,
});

/**
 * The imports a file of `module` may make, `depth` folders below functions/ (1 for the module's
 * own files, 2 for those of a folder inside it): `up` is the path back to functions/.
 */
function modulePatterns(module, depth) {
  const up = '\\.\\./'.repeat(depth);
  const above = MODULES.filter((other) => other !== module && layerOf(other) >= layerOf(module));
  const below = MODULES.filter((other) => layerOf(other) < layerOf(module));
  const patterns = [
    {
      regex: `^${up}(${names(MODULES.filter((other) => other !== module))})/(?!index\\.js$)`,
      message: 'Use the other module through its index.ts.',
    },
    { regex: `^${up}\\.\\./`, message: 'functions/ imports nothing outside functions/.' },
  ];
  if (above.length > 0) {
    patterns.push({
      regex: `^${up}(${names(above)})/`,
      message: `Imports run downwards: ${module} may use ${below.join(', ') || 'no other module'}.`,
    });
  }
  return patterns;
}

function moduleRules(module) {
  const rules = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });
  return [
    { files: [`functions/${module}/*.ts`], rules: rules(modulePatterns(module, 1)) },
    { files: [`functions/${module}/*/**/*.ts`], rules: rules(modulePatterns(module, 2)) },
  ];
}

/**
 * Moderation in two folders: the decision (pure: data in, a plan out) and the delivery (the SQS
 * handler and the interpreter that runs plans). The delivery uses the decision through its index;
 * the decision uses nothing of the delivery, and of the other modules only the data it decides on.
 */
const DECISION_USES = ['events', 'ledger'];
const moderationFolderRules = [
  {
    files: ['functions/moderation/decision/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...modulePatterns('moderation', 2),
            {
              regex: '^\\.\\./(?!\\.\\./)',
              message: 'The decision is pure: it imports nothing of the delivery (which runs its plans).',
            },
            {
              regex: `^\\.\\./\\.\\./(?!(${names(DECISION_USES)})/)`,
              message: `The decision is pure: of the other modules it uses only ${DECISION_USES.join(' and ')}.`,
            },
            {
              regex: '^(node:|@aws-sdk/|@aws-lambda-powertools/|undici)',
              message: 'The decision is pure: no I/O, the interpreter does it.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['functions/moderation/delivery/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...modulePatterns('moderation', 2),
            { regex: '^\\.\\./decision/(?!index\\.js$)', message: 'Use the decision through its index.ts.' },
          ],
        },
      ],
    },
  },
];

/**
 * Tests reach the files they test: a module's unit tests its own files (every other module only
 * through its index, as that module's users do); the integration tests and the test helpers,
 * which put several modules together, any module's files. Code outside test/ uses the faces.
 */
const unitTestRules = (module) => ({
  files: [`test/unit/${module}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          throughIndexOnly(
            MODULES.filter((other) => other !== module),
            'Use the module through its index.ts.',
          ),
        ],
      },
    ],
  },
});

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'tools/node24/node_modules/',
      'cdk.out/',
      'coverage/',
      'dist/',
      'reports/',
      '.stryker-tmp/',
    ],
  },
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
    files: ['local/**/*.ts', 'bench/**/*.ts', 'infra/**/*.ts', 'test/unit/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [throughIndexOnly(MODULES, 'Use the module through its index.ts.')] },
      ],
    },
  },
  ...MODULES.map(unitTestRules),
  ...MODULES.flatMap(moduleRules),
  ...moderationFolderRules,
  {
    // Plain JavaScript run by Node.js directly (bin/, tools/, the bundle driver).
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', performance: 'readonly', URL: 'readonly' },
    },
  },
);
