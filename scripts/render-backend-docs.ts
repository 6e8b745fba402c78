import type { PluginManifest } from '../core/plugins/manifest-schema';

// The README's per-backend tables are this function's output; a test checks
// that the README holds it for every manifest, so the two cannot drift.

function envRows(manifest: PluginManifest): string[] {
  const rows = [
    ...manifest.env.required.map((spec) => ({ spec, required: true })),
    ...(manifest.env.optional ?? []).map((spec) => ({ spec, required: false })),
  ];
  return rows.map(({ spec, required }) => {
    const fallback = spec.default === undefined ? '' : `\`${String(spec.default)}\``;
    const kind = spec.enum ? spec.enum.map((v) => `\`${v}\``).join(' / ') : (spec.type ?? 'string');
    return `| \`${spec.name}\` | ${required ? 'yes' : 'no'} | ${kind} | ${fallback} | ${spec.description ?? ''} |`;
  });
}

export function renderBackendDocs(manifest: PluginManifest): string {
  const models = Object.entries(manifest.models.map).map(([from, to]) => `| \`${from}\` | \`${to}\` |`);
  const families = Object.entries(manifest.models.families ?? {}).map(([family, [newest]]) =>
    newest ? `| any other \`${family}\` id | \`${newest}\` (newest ${family}) |` : `| any other \`${family}\` id | the default: no ${family} model here |`,
  );
  return [
    `#### \`${manifest.backend}\`: ${manifest.title ?? manifest.name}`,
    '',
    manifest.description,
    '',
    '| Variable | Required | Type | Default | Meaning |',
    '| --- | --- | --- | --- | --- |',
    ...envRows(manifest),
    '',
    '| Model requested | Upstream model |',
    '| --- | --- |',
    ...models,
    ...families,
    `| anything else | \`${manifest.models.default}\` (after the family rules) |`,
  ].join('\n');
}
