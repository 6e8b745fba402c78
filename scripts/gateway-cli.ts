// `npm run gateway -- check | plugins | config | docs`: the seed's debug commands for this stack.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveConfig } from '../core/config/resolve-config';
import { maskSecret } from '../core/log/redact';
import { BackendRegistry, type Backend } from '../core/plugins/backend-registry';
import { BUILTIN_PLUGIN_DIR, loadPlugins } from '../core/plugins/load-plugins';
import { secretNames } from '../core/plugins/resolve-settings';
import { selectBackend } from '../core/plugins/select-backend';
import { newPlugin, NEW_PLUGIN_USAGE } from './new-plugin/new-plugin';
import { probeBackend, PROBE_EXIT_CODES } from './check/probe-backend';
import { renderBackendDocs } from './render-backend-docs';
import { renderEnvExample } from './render-env-example';
import { reportUsage } from './usage/report-usage';
import { updateReadmeBackends } from './update-readme-backends';

const USAGE = `Usage: npm run gateway -- <command> [--config PATH]

Commands:
  check     the active backend, what it requires, and what is missing (exit 2 when something is)
            --probe: also call the upstream once to test that it answers and takes the key
            (exit 3 key rejected, 4 unreachable, 5 another answer)
  plugins   every loaded plugin with its settings and model map
  config    the resolved configuration, secrets masked
  docs      the README's backend tables, generated from the plugin manifests
            (--write: regenerate them in README.md, and .env.example)
  usage     requests and tokens from a JSON log file (or stdin), as a table:
            usage [FILE] [--since 30m|1h|7d|ISO-TIME] [--by caller|model|backend]
  new-plugin a backend plugin to edit: manifest, handler, simulator and a passing test
            (${NEW_PLUGIN_USAGE})`;

function maskedSettings(backend: Backend): Record<string, unknown> {
  const secrets = secretNames(backend.loaded.manifest);
  return Object.fromEntries(
    Object.entries(backend.settings).map(([name, value]) => [name, secrets.has(name) && typeof value === 'string' ? maskSecret(value) : value]),
  );
}

function requiredNames(backend: Backend): string[] {
  return backend.loaded.manifest.env.required.map((spec) => spec.name);
}

async function load(argv: string[]) {
  const at = argv.indexOf('--config');
  const config = await resolveConfig({ configPath: at === -1 ? undefined : argv[at + 1] });
  const plugins = await loadPlugins({ dirs: [BUILTIN_PLUGIN_DIR, ...config.pluginDirs], packages: config.pluginPackages, resolveFrom: config.baseDir });
  const selection = selectBackend(plugins, config);
  return { config, selection, registry: new BackendRegistry(plugins, config, selection) };
}

export async function run(argv: string[], out: (line: string) => void): Promise<number> {
  const command = argv[0];
  if (!command || command === 'help' || command === '--help') {
    out(USAGE);
    return command ? 0 : 1;
  }
  if (command === 'usage') return reportUsage(argv.slice(1), out);
  if (command === 'new-plugin') return newPlugin(argv.slice(1), out);
  const { config, selection, registry } = await load(argv);
  const active = registry.active;
  switch (command) {
    case 'check': {
      out(`Backend: ${active.id} (from ${selection.source})`);
      if (selection.deprecation) out(`Warning: ${selection.deprecation}`);
      out(`Requires Databricks config: ${requiredNames(active).some((name) => name.startsWith('DATABRICKS_'))}`);
      out(`Required settings: ${requiredNames(active).join(', ') || '(none)'}`);
      out(`Missing: ${active.missing.join(', ') || '(none)'}`);
      if (active.invalid.length > 0) out(`Invalid: ${active.invalid.join('; ')}`);
      out(`Fallback: ${registry.chain().slice(1).map((b) => b.id).join(' -> ') || '(none)'}`);
      out(`Config file: ${config.configFile ?? '(none)'}`);
      const probe = argv.includes('--probe') ? await probeBackend(active) : undefined;
      for (const line of probe?.lines ?? []) out(line);
      if (!active.configured) {
        out(`Status: ${active.unconfiguredMessage()}`);
        return 2;
      }
      const outcome = probe?.result?.outcome ?? 'ok';
      out(outcome === 'ok' ? 'Status: ready' : `Status: not ready: the probe says ${outcome.replace('_', ' ')}`);
      return PROBE_EXIT_CODES[outcome];
    }
    case 'plugins':
      for (const backend of registry.all()) {
        const { manifest, dir } = backend.loaded;
        out(`${backend.id}${backend === active ? ' (active)' : ''}: ${manifest.title ?? manifest.name}`);
        out(`  folder:     ${dir}`);
        out(`  configured: ${backend.configured}${backend.configured ? '' : ` (${[...backend.missing.map((name) => `${name} is not set`), ...backend.invalid].join('; ')})`}`);
        out(`  settings:   ${JSON.stringify(maskedSettings(backend))}`);
        out(`  models:     ${JSON.stringify(backend.modelMap)} (default ${manifest.models.default})`);
      }
      return 0;
    case 'docs': {
      const manifests = registry.all().map((backend) => backend.loaded.manifest);
      if (argv.includes('--write')) {
        const readme = join(__dirname, '..', '..', 'README.md');
        writeFileSync(readme, updateReadmeBackends(readFileSync(readme, 'utf8'), manifests));
        out(`Updated ${readme}`);
        const envExample = join(__dirname, '..', '..', '.env.example');
        writeFileSync(envExample, renderEnvExample(manifests));
        out(`Updated ${envExample}`);
      } else {
        out(manifests.map(renderBackendDocs).join('\n\n'));
      }
      return 0;
    }
    case 'config':
      out(
        JSON.stringify(
          {
            configFile: config.configFile,
            server: config.server,
            backend: { id: active.id, source: selection.source },
            strict: config.strict,
            logLevel: config.logLevel,
            pluginDirs: config.pluginDirs,
            fallback: config.fallback,
            families: config.families,
            settings: Object.fromEntries(registry.all().map((b) => [b.id, maskedSettings(b)])),
          },
          null,
          2,
        ),
      );
      return 0;
    default:
      out(`Unknown command: ${command}\n\n${USAGE}`);
      return 1;
  }
}

if (require.main === module) {
  run(process.argv.slice(2), (line) => process.stdout.write(`${line}\n`)).then(
    (code) => process.exit(code),
    (error: Error) => {
      process.stderr.write(`${error.name}: ${error.message}\n`);
      process.exit(1);
    },
  );
}
