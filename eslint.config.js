import js from '@eslint/js'
import jsxA11y from 'eslint-plugin-jsx-a11y'
import react from 'eslint-plugin-react'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

// The layers: routes (HTTP: guards, cookies, redirects, Responses) → domain (rules, framework-free)
// → utils; jobs/ (the worker) calls the domain. An import the wrong way fails lint (proved by
// scripts/eslint-layers.test.ts). Paths are matched as written: `(../)+jobs/` climbs out of app/
// to the worker. Dynamic import() is not checked.
const forbidden = {
  testsAndScripts: {
    regex: '^(\\.\\./)+(tests|scripts)/',
    message: 'The app never imports the test harness or the command-line scripts.',
  },
  routes: {
    regex: '^(~/|(\\.\\./)+)routes/',
    message: 'Routes import the layers below them, never the other way round.',
  },
  components: {
    regex: '^(~/|(\\.\\./)+)components/',
    message: 'The domain renders nothing: components import the domain, not the reverse.',
  },
  remix: {
    regex: '^@remix-run/',
    message: 'The domain is framework-free: requests, cookies, redirects and Responses belong to routes.',
  },
  react: { regex: '^react(-dom)?(/|$)', message: 'The domain renders nothing.' },
  worker: {
    regex: '^(\\.\\./)+jobs/',
    message: 'Jobs call the domain, not the reverse; queues are named in ~/utils/queues.server.ts.',
  },
  auth: {
    regex: '^(~/|(\\.\\./)+)utils/auth\\.server',
    message: 'The session cookie and the guards are HTTP: the domain takes a SessionUser.',
  },
  serverModules: {
    regex: '\\.server(\\.[jt]sx?)?$',
    allowTypeImports: true,
    message: 'Components reach the browser: take server data as props (types may be imported).',
  },
}
const layer = (...patterns) => ({ '@typescript-eslint/no-restricted-imports': ['error', { patterns }] })
// Tests may cross layers: an integration test drives a route or a job handler to test a rule.
const tests = ['app/**/*.test.{ts,tsx}']

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'build/',
      'build-test/',
      'app/generated/',
      'test-results/',
      'playwright-report/',
      'prisma/migrations/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    languageOptions: {
      globals: { ...globals.node, ...globals.browser },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['**/*.tsx'],
    plugins: { react, 'react-hooks': reactHooks, 'jsx-a11y': jsxA11y },
    settings: { react: { version: 'detect' } },
    languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } },
    rules: {
      ...react.configs.recommended.rules,
      ...react.configs['jsx-runtime'].rules,
      ...reactHooks.configs.recommended.rules,
      ...jsxA11y.flatConfigs.strict.rules,
      'react/prop-types': 'off',
    },
  },
  {
    files: ['app/**/*.{ts,tsx}'],
    // The dev pages show what the local stand-ins (tests/mocks) recorded; dev and test builds only.
    ignores: [...tests, 'app/routes/dev+/**'],
    rules: layer(forbidden.testsAndScripts),
  },
  {
    files: ['app/utils/**/*.{ts,tsx}'],
    ignores: tests,
    rules: layer(forbidden.testsAndScripts, forbidden.routes),
  },
  {
    files: ['app/components/**/*.{ts,tsx}'],
    ignores: tests,
    rules: layer(forbidden.testsAndScripts, forbidden.serverModules),
  },
  {
    files: ['app/domain/**/*.{ts,tsx}'],
    ignores: tests,
    rules: layer(
      forbidden.testsAndScripts,
      forbidden.routes,
      forbidden.components,
      forbidden.remix,
      forbidden.react,
      forbidden.worker,
      forbidden.auth,
    ),
  },
  {
    // Configuration comes from the environment validated at boot, never straight from process.env.
    files: ['app/**/*.{ts,tsx}'],
    ignores: [...tests, 'app/utils/env.server.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read the validated environment: getEnv() (~/utils/env.server.ts).',
        },
      ],
    },
  },
  {
    // Command-line tools and the dev/test harness talk to a terminal.
    files: ['scripts/**', 'prisma/seed.ts', 'tests/**', 'jobs/worker.ts', 'server.ts'],
    rules: { 'no-console': 'off' },
  },
)
