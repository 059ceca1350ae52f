// The check of the map's JavaScript, run by Maven (web/pom.xml) the way Spotless checks the Java:
// ESLint's recommended rules over the pages' ES modules, in the browser, with the two libraries the
// pages load by <script> tag (Leaflet's L, ECharts' echarts) as read-only globals.
import js from '@eslint/js';
import globals from 'globals';

export default [
  { ignores: ['target/**', 'node_modules/**', 'src/main/resources/META-INF/resources/vendor/**'] },
  js.configs.recommended,
  {
    files: ['src/main/resources/META-INF/resources/**/*.js'],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.browser, L: 'readonly', echarts: 'readonly' },
    },
    rules: {
      'no-undef': 'error',
      'no-unused-vars': ['error', { caughtErrors: 'none' }],
      // the modules that also name the globals they use in a /* global */ comment may keep it
      'no-redeclare': ['error', { builtinGlobals: false }],
      // text from data is never parsed as HTML: elements are made with dom.js's h()
      'no-restricted-syntax': [
        'error',
        {
          selector: 'MemberExpression[property.name=/^(innerHTML|outerHTML)$/]',
          message: 'Build elements with h() from dom.js: text from data must not be parsed as HTML.',
        },
        {
          selector: 'CallExpression[callee.property.name=/^(insertAdjacentHTML|write|writeln)$/]',
          message: 'Build elements with h() from dom.js: text from data must not be parsed as HTML.',
        },
      ],
    },
  },
  {
    files: ['eslint.config.js'],
    languageOptions: { sourceType: 'module', globals: { ...globals.node } },
  },
];
