// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/*
 * Folder boundaries: a folder says where its code runs, so an import may only point to code
 * that runs in the same context. Every import in the source is relative; a pattern below
 * matches the path an import names once its leading `../` steps are skipped (`(\.\./)+`
 * then no further `../`): `../../utils/protocol/messages` names `utils/protocol/messages`,
 * and from a page `../background/router` names the background's folder.
 */
const UP = String.raw`^(?:\.\./)+(?!\.\./)`;
const PAGES = ['popup', 'overlay', 'options'];
const CONTENT_SCRIPT = String.raw`(?:[\w-]+\.content|quotes)`;

/** An import of another context's entry-point folder (`entrypoints/<name>/…`, or `../<name>/…` from inside entrypoints/). */
const entrypointImport = (names, message) => ({
  regex: String.raw`${UP}(?:entrypoints/)?(?:${names.join('|')})(?:/|$)`,
  caseSensitive: true,
  message,
});

/** Shared code (utils/, content/, components/) runs in several contexts: it never reaches into one. */
const SHARED_NEVER_IMPORTS_AN_ENTRYPOINT = {
  regex: String.raw`${UP}entrypoints(?:/|$)`,
  caseSensitive: true,
  message:
    'Shared code never imports an entry point (entrypoints/ is code that runs in one context only): move what both need to utils/ or content/.',
};
const SHARED_NEVER_IMPORTS_UI = {
  regex: String.raw`${UP}components(?:/|$)`,
  caseSensitive: true,
  message:
    'utils/ and content/ never import components/ (UI shared by the pages): the dependency points the other way.',
};
/**
 * content/ is the course domain as pure code; the protocol and journal formats are data only;
 * utils/anchoring/ reads the page's DOM, which its callers hand it.
 */
const NO_BROWSER_API = ['wxt/browser', 'webextension-polyfill', '@wxt-dev/browser'].map((name) => ({
  name,
  message:
    'No browser API here: content/, utils/protocol/, utils/journal/ and utils/anchoring/ are pure code that tests and every context run. Take what the browser gives as an argument from the caller.',
}));

/** The page folders each other page may not import, and the background. */
const pageBoundaries = PAGES.map((page) => ({
  files: [`entrypoints/${page}/**`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          entrypointImport(
            ['background'],
            `The ${page} page never imports background code: ask the background with a message (utils/protocol/), and move shared types there.`,
          ),
          entrypointImport(
            [...PAGES.filter((p) => p !== page), CONTENT_SCRIPT],
            `The ${page} page never imports another page's or a content script's folder: move what both use to components/ (UI) or utils/, content/ (code).`,
          ),
        ],
      },
    ],
  },
}));

const boundaries = [
  ...pageBoundaries,
  {
    // A content script runs inside every reading or course page and must stay tiny; the quote
    // script the reading script loads beside itself is one too.
    files: ['entrypoints/*.content/**', 'entrypoints/quotes/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: String.raw`${UP}(?!(?:utils/protocol|utils/anchoring|utils/send|utils/i18n|content)(?:/|\.|$))`,
              caseSensitive: true,
              message:
                'A content script imports only its own folder, utils/protocol/ and utils/send (the messages it sends), utils/anchoring/ (the page text quotes live in), utils/i18n and content/: everything else would ship inside every reading page.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['entrypoints/background/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            entrypointImport(
              [...PAGES, CONTENT_SCRIPT],
              'The background never imports a page or a content script: they talk through messages (utils/protocol/).',
            ),
            {
              regex: String.raw`${UP}components(?:/|$)`,
              caseSensitive: true,
              message: 'The background never imports components/: it has no UI.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['components/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              ...SHARED_NEVER_IMPORTS_AN_ENTRYPOINT,
              message:
                'components/ (UI shared by two or more pages) never imports an entry point: a component one page needs lives in that page folder; what both need moves to components/, utils/ or content/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['utils/**'],
    ignores: ['utils/protocol/**', 'utils/journal/**', 'utils/anchoring/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [SHARED_NEVER_IMPORTS_AN_ENTRYPOINT, SHARED_NEVER_IMPORTS_UI] },
      ],
    },
  },
  {
    files: ['content/**', 'utils/protocol/**', 'utils/journal/**', 'utils/anchoring/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: NO_BROWSER_API,
          patterns: [SHARED_NEVER_IMPORTS_AN_ENTRYPOINT, SHARED_NEVER_IMPORTS_UI],
        },
      ],
    },
  },
];

export default tseslint.config(
  {
    ignores: [
      '.output/',
      '.wxt/',
      '.cache/',
      'node_modules/',
      'test-results/',
      'playwright-report/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      // Template literals with numbers are how counts and positions reach messages.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // `void promise` marks a deliberate fire-and-forget (event handlers cannot await).
      '@typescript-eslint/no-confusing-void-expression': [
        'error',
        { ignoreArrowShorthand: true, ignoreVoidOperator: true },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  ...boundaries,
  {
    // An import cycle means two files that cannot be understood (or initialised) one without
    // the other; in the extension's code it is a boundary drawn in the wrong place.
    files: ['{components,content,entrypoints,utils}/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      // import-x follows (and parses) only files with these extensions.
      'import-x/extensions': ['.ts', '.tsx'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createTypeScriptImportResolver()],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    files: ['tests/**'],
    rules: {
      // Tests build deliberately malformed inputs and use non-null assertions on fixtures they control.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Fakes implement async interfaces with synchronous bodies.
      '@typescript-eslint/require-await': 'off',
      // expect(mock.method) passes vi.fn mocks, which do not use `this`.
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  prettier,
);
