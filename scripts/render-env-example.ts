// `.env.example`: every setting of the gateway and of each backend, commented
// out, so a copy to `.env` sets nothing until a line is uncommented.
import { GATEWAY_SETTINGS } from '../core/config/gateway-settings';
import type { PluginManifest } from '../core/plugins/manifest-schema';

type EnvSpec = PluginManifest['env']['required'][number];

const HEADER = `# llm-gateway settings. Copy this file to .env, then uncomment and fill in what you need.
# The process environment wins over .env; gateway.config.ts holds what does not fit here.
# Generated from core/config/gateway-settings.ts and the plugin manifests:
# npm run gateway -- docs --write
`;

function backendSetting(spec: EnvSpec, required: boolean): string {
  const facts = [required ? 'required' : undefined, spec.secret ? 'secret' : undefined, spec.enum ? `one of ${spec.enum.join(', ')}` : undefined].filter(Boolean);
  const comment = `# ${spec.description ?? spec.name}${facts.length > 0 ? ` (${facts.join('; ')})` : ''}`;
  return `${comment}\n# ${spec.name}=${spec.default === undefined ? '' : String(spec.default)}`;
}

export function renderEnvExample(manifests: readonly PluginManifest[]): string {
  const gateway = GATEWAY_SETTINGS.map(
    (setting) => `# ${setting.description}${setting.default === undefined ? '' : ` (default ${setting.default})`}\n# ${setting.name}=${setting.default ?? setting.example ?? ''}`,
  );
  const backends = [...manifests]
    .sort((a, b) => a.backend.localeCompare(b.backend))
    .map((manifest) => {
      const settings = [
        ...manifest.env.required.map((spec) => backendSetting(spec, true)),
        ...(manifest.env.optional ?? []).map((spec) => backendSetting(spec, false)),
      ];
      const title = `# ---- PROXY_BACKEND=${manifest.backend}: ${manifest.title ?? manifest.name} ----`;
      return [title, ...(settings.length > 0 ? settings : ['# (no settings)'])].join('\n');
    });
  return `${[HEADER.trimEnd(), ['# ---- Gateway ----', ...gateway].join('\n'), ...backends].join('\n\n')}\n`;
}
