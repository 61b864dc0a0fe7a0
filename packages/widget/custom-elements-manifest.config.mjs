/**
 * `cem analyze` reads the element's JSDoc (`@summary @slot @csspart @cssproperty @fires`) into custom-elements.json.
 * The element declares its reactive properties in `static properties`, private state included (`state: true`),
 * which the Lit plugin would list as attributes: the plugin below drops attributes of private fields.
 */
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/test/**'],
  outdir: 'dist',
  litelement: true,
  plugins: [
    {
      name: 'sitechat-no-private-attributes',
      packageLinkPhase({ customElementsManifest }) {
        for (const module of customElementsManifest.modules) {
          for (const declaration of module.declarations ?? []) {
            if (!declaration.attributes) continue;
            const privateFields = new Set((declaration.members ?? []).filter((member) => member.privacy === 'private').map((member) => member.name));
            declaration.attributes = declaration.attributes.filter((attribute) => !privateFields.has(attribute.fieldName ?? attribute.name));
          }
        }
      },
    },
  ],
};
