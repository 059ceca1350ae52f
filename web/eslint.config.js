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
    },
  },
  {
    // efficiency.js is being split by another change; its one finding (a useless `json = null`
    // in sendImport) goes with that split, and this exception with it
    files: ['src/main/resources/META-INF/resources/efficiency.js'],
    rules: { 'no-useless-assignment': 'off' },
  },
  {
    files: ['eslint.config.js'],
    languageOptions: { sourceType: 'module', globals: { ...globals.node } },
  },
];
