import type { PluginManifest } from '../core/plugins/manifest-schema';
import { renderBackendDocs } from './render-backend-docs';

const BLOCK = /<!-- backend-docs:start -->\n#### `([A-Z0-9_]+)`[\s\S]*?<!-- backend-docs:end -->/g;

/** Each README block headed by a backend id, with its generated text. */
export function readmeBackendBlocks(readme: string): Array<{ backend: string; text: string }> {
  return [...readme.matchAll(BLOCK)].map((match) => ({ backend: match[1], text: match[0] }));
}

export function wrapBackendDocs(manifest: PluginManifest): string {
  return `<!-- backend-docs:start -->\n${renderBackendDocs(manifest)}\n<!-- backend-docs:end -->`;
}

/** Regenerates every backend block of the README from the manifests. */
export function updateReadmeBackends(readme: string, manifests: PluginManifest[]): string {
  return readme.replace(BLOCK, (block, backend: string) => {
    const manifest = manifests.find((m) => m.backend === backend);
    return manifest ? wrapBackendDocs(manifest) : block;
  });
}
