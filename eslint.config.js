import js from '@eslint/js'
import tseslint from 'typescript-eslint'

const noElectron = {
  paths: [{ name: 'electron', message: 'Core and shared run in plain Node: only src/main/electron may use Electron.' }],
}

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-artifacts/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-definitions': ['error', 'type'],
      '@typescript-eslint/consistent-type-imports': 'error',
      // `import { type X }` still loads the module for its side effects; in the page that would be zod.
      '@typescript-eslint/no-import-type-side-effects': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-confusing-void-expression': 'off',
      '@typescript-eslint/no-extraneous-class': 'off',
      // `async` without `await` is how a function turns its synchronous throws into rejections.
      '@typescript-eslint/require-await': 'off',
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
      ],
    },
  },
  {
    files: ['src/main/core/**', 'src/main/agent/**', 'src/shared/**', 'src/renderer/**'],
    rules: { 'no-restricted-imports': ['error', noElectron] },
  },
  {
    // Node's undici costs the agent ~25 MiB resident (its code, then llhttp's WebAssembly on the first
    // exchange): outside requests go through core/net/http-exchange.ts on node:http. A value import of
    // node:http loads undici too, through http.WebSocket's getter (nodejs/node#59686).
    files: ['src/main/core/**', 'src/main/agent/**'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...['fetch', 'Headers', 'Request', 'Response', 'FormData', 'WebSocket', 'EventSource'].map((name) => ({
          name,
          message: 'Undici: use exchange() from core/net/http-exchange.ts (see eslint.config.js).',
        })),
      ],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: ['node:http', 'node:https'].map((name) => ({
            name,
            allowTypeImports: true,
            message: "Loads undici: take the module from process.getBuiltinModule('node:http') (see eslint.config.js).",
          })),
        },
      ],
    },
  },
  {
    // Chain clients and the HTTP below them know no network: networks are built on them, never the reverse.
    files: ['src/main/core/chains/**', 'src/main/core/net/**', 'src/main/core/holdings/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { ...noElectron, patterns: [{ group: ['**/networks/*', '**/wallets/*', '**/profit/*'], message: 'Chain clients know no network: holdings, reads and address checks live in core/holdings.' }] },
      ],
    },
  },
  {
    // The shell gets Electron passed in, so it runs against a fake in tests; only the entries import it.
    files: ['src/main/electron/**', 'src/preload/**'],
    ignores: ['src/main/electron/main.ts', 'src/preload/index.ts'],
    rules: { 'no-restricted-imports': ['error', noElectron] },
  },
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...noElectron,
          patterns: [
            { group: ['node:*'], message: 'src/shared is imported by the page: no Node built-ins.' },
            { group: ['react', 'react-dom', '**/main/**', '**/renderer/**'], message: 'src/shared depends on nothing of ours but itself.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { ...noElectron, patterns: [{ group: ['**/main/**', 'node:*'], message: 'The renderer reaches main only through the contract.' }] },
      ],
      // The contract's schemas would bring zod into the page, whose eval probe trips the CSP: types only.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/shared/contract/*', '!**/shared/contract/names.ts', '!**/shared/contract/wallet-lists.ts', '!**/shared/contract/result.ts', '!**/shared/contract/bridge.ts'],
              allowTypeImports: true,
              message: 'Import types from the contract; plain values from a zod-free module (wallet-lists.ts, names.ts).',
            },
          ],
        },
      ],
    },
  },
  {
    // expect.any() and friends are typed `any` by design.
    files: ['tests/**'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['*.config.ts', '*.config.js'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['eslint.config.js'],
    ...tseslint.configs.disableTypeChecked,
  },
)
