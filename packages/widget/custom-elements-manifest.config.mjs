/** `cem analyze` reads the element's JSDoc (`@summary @csspart @cssproperty @fires`) into custom-elements.json. */
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/test/**'],
  outdir: 'dist',
  litelement: true,
};
