// The gateway's layer rules, checked by `npm run lint:layers` (dependency-cruiser
// needs Node 22+). test/layers/layer-rules.test.ts applies the same `forbidden`
// list with a plain import scan, so the jest suite checks them on any Node.
//
// Top to bottom; a layer imports only the layers below it. cluster/, main,
// gateway and index (the plugin surface) put the process together; models/
// (model-id resolution) serves core/plugins and the server; metrics live in
// server/metrics; version.ts sits with config at the bottom.
const LAYERS = [
  { name: 'plugins', path: '^plugins/' },
  { name: 'entry', path: '^core/(cluster/|(main|gateway|serve-until-stopped|index)\\.ts$)' },
  { name: 'kit', path: '^core/kit/' },
  { name: 'server', path: '^core/server/' },
  { name: 'core-plugins', path: '^core/plugins/' },
  { name: 'models', path: '^core/models/' },
  { name: 'upstream', path: '^core/upstream/' },
  { name: 'protocol', path: '^core/protocol/' },
  { name: 'config-and-log', path: '^core/(config/|log/|version\\.ts$)' },
];
const PLUGIN_SURFACE = 'core/index.ts';

/** Every layer may import the layers below it, never one above. */
const layerRules = LAYERS.flatMap((layer, index) => {
  const above = LAYERS.slice(0, index);
  if (above.length === 0) return [];
  return [
    {
      name: `layer-${layer.name}`,
      comment: `${layer.name} is below ${above.map((a) => a.name).join(', ')}: a lower layer never imports a higher one (a type two layers share lives in the lower one)`,
      severity: 'error',
      from: { path: layer.path },
      to: { path: above.map((a) => a.path) },
    },
  ];
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'core-stays-core',
      comment: 'The core never imports the scripts, the tests or a plugin (plugins are loaded by their manifest).',
      severity: 'error',
      from: { path: '^core/' },
      to: { path: '^(scripts|test|plugins)/' },
    },
    {
      name: 'plugins-use-the-surface',
      comment: `A plugin imports from the core only its one surface, ${PLUGIN_SURFACE}.`,
      severity: 'error',
      from: { path: '^plugins/' },
      to: { path: '^core/', pathNot: `^${PLUGIN_SURFACE.replace('.', '\\.')}$` },
    },
    {
      name: 'plugins-stand-alone',
      comment: 'A plugin does not import another plugin: each folder is packaged on its own.',
      severity: 'error',
      from: { path: '^plugins/([^/]+)/' },
      to: { path: '^plugins/', pathNot: '^plugins/$1/' },
    },
    {
      name: 'scripts-not-tests',
      comment: 'Scripts ship in the product build; the tests do not.',
      severity: 'error',
      from: { path: '^scripts/' },
      to: { path: '^test/' },
    },
    {
      name: 'no-circular',
      comment: 'Modules import each other one way.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.cjs', '.json'] },
  },
};
