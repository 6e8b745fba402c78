import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import Ajv from 'ajv';
import { configSchema, type FamilyRule, type GatewayConfig } from './config-schema';
import type { ConfigInput } from './define-config';
import { loadConfigFile } from './load-config-file';
import { readEnv, type Env } from './read-env-files';

export interface ResolvedConfig {
  server: { port: number; host: string; bodyLimitBytes: number };
  /** The backend id asked for (env PROXY_BACKEND, else the config file); validated against plugins at boot. */
  requestedBackend?: { id: string; source: 'PROXY_BACKEND' | 'config' };
  strict: boolean;
  logLevel: string;
  /** `json` lines (the default) or `pretty` lines for a terminal (LOG_FORMAT). */
  logFormat: 'json' | 'pretty';
  pluginDirs: string[];
  pluginPackages: string[];
  families: FamilyRule[];
  modelOverrides: Record<string, Record<string, string>>;
  pluginOptions: Record<string, Record<string, unknown>>;
  fallback: string[];
  circuitBreaker: { failureThreshold: number; coolDownMs: number };
  pingIntervalMs: number;
  requestDeadlineMs: number;
  access: AccessConfig;
  limits: LimitsConfig;
  drainMs: number;
  /** Processes serving the port: 1 runs no cluster at all. */
  workers: number;
  /** When set, GET /metrics is also served without a key on 127.0.0.1 at this port. */
  metricsPort?: number;
  env: Env;
  configFile?: string;
  /** Where plugin folders named in the config are resolved from. */
  baseDir: string;
}

export interface AccessConfig {
  /** GATEWAY_API_KEYS as given (`name:key,name:key`); parsed by the key ring. */
  apiKeys?: string;
  /** Absolute path of GATEWAY_API_KEYS_FILE / `access.apiKeysFile`. */
  apiKeysFile?: string;
  allowedOrigins: string[];
  allowedHosts: string[];
  allowUnauthenticated: boolean;
}

export interface LimitsConfig {
  idleTimeoutMs: number;
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
  maxInflightBodyBytes: number;
  maxConnections: number;
}

/** Each family to the backend's newest model of the same family (the manifests' `models.families`). */
export const DEFAULT_FAMILIES: FamilyRule[] = [
  { match: 'haiku', alias: 'haiku' },
  { match: 'sonnet', alias: 'sonnet' },
  { match: 'opus', alias: 'opus' },
];

export class ConfigError extends Error {
  override name = 'ConfigError';
}

// Runs once per boot: ajv's code optimisation would cost more than it saves.
const validate = new Ajv({ allErrors: true, useDefaults: false, allowUnionTypes: true, code: { optimize: false } }).compile(configSchema);

export interface ResolveOptions {
  cwd?: string;
  /** `--config PATH`; `GATEWAY_CONFIG` in env is the same. */
  configPath?: string;
  processEnv?: NodeJS.ProcessEnv;
  /** Skips the file search: used by tests that build a config in memory. */
  config?: ConfigInput;
}

export async function resolveConfig(options: ResolveOptions = {}): Promise<ResolvedConfig> {
  const cwd = options.cwd ?? process.cwd();
  const env = readEnv(cwd, options.processEnv ?? process.env);
  let input: unknown = options.config;
  let configFile: string | undefined;
  if (input === undefined) {
    const explicit = options.configPath ?? env.GATEWAY_CONFIG;
    try {
      const loaded = await loadConfigFile(cwd, explicit);
      input = loaded.config;
      configFile = loaded.filepath;
    } catch (error) {
      throw new ConfigError(`Cannot load config file${explicit ? ` ${explicit}` : ''}: ${(error as Error).message}`);
    }
  }
  const fileConfig = typeof input === 'function' ? (input as (c: { env: Env }) => unknown)({ env }) : input;
  const merged = applyEnv(structuredClone(fileConfig ?? {}) as Record<string, unknown>, env, cwd);
  if (!validate(merged)) {
    const where = configFile ? ` in ${configFile}` : '';
    const problems = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}${describeAllowed(e.params)}`);
    throw new ConfigError(`Invalid gateway configuration${where}: ${problems.join('; ')}`);
  }
  const config = merged as GatewayConfig;
  const baseDir = configFile ? dirname(configFile) : cwd;
  const backendFromEnv = env.PROXY_BACKEND?.trim();
  return {
    server: {
      port: config.server?.port ?? 4000,
      host: config.server?.host ?? '127.0.0.1',
      bodyLimitBytes: config.server?.bodyLimitBytes ?? 32 * 1024 * 1024,
    },
    requestedBackend: backendFromEnv
      ? { id: backendFromEnv, source: 'PROXY_BACKEND' }
      : config.backend
        ? { id: config.backend, source: 'config' }
        : undefined,
    strict: config.strict ?? false,
    logLevel: config.logLevel ?? 'info',
    logFormat: config.logFormat ?? 'json',
    pluginDirs: (config.pluginDirs ?? []).map((dir) => resolve(baseDir, dir)),
    pluginPackages: [...(config.pluginPackages ?? [])],
    families: config.models?.families ? [...config.models.families] : DEFAULT_FAMILIES,
    modelOverrides: (config.models?.overrides ?? {}) as Record<string, Record<string, string>>,
    pluginOptions: (config.plugins ?? {}) as Record<string, Record<string, unknown>>,
    fallback: [...(config.fallback ?? [])],
    circuitBreaker: {
      failureThreshold: config.circuitBreaker?.failureThreshold ?? 5,
      coolDownMs: config.circuitBreaker?.coolDownMs ?? 30_000,
    },
    pingIntervalMs: (config.pingIntervalSeconds ?? 10) * 1000,
    requestDeadlineMs: (config.requestDeadlineSeconds ?? 600) * 1000,
    access: {
      apiKeys: env.GATEWAY_API_KEYS?.trim() || undefined,
      apiKeysFile: config.access?.apiKeysFile ? resolve(baseDir, config.access.apiKeysFile) : undefined,
      allowedOrigins: [...(config.access?.allowedOrigins ?? [])],
      allowedHosts: [...(config.access?.allowedHosts ?? [])],
      allowUnauthenticated: config.access?.allowUnauthenticated ?? false,
    },
    limits: {
      idleTimeoutMs: (config.limits?.idleTimeoutSeconds ?? 30) * 1000,
      headersTimeoutMs: (config.limits?.headersTimeoutSeconds ?? 30) * 1000,
      bodyTimeoutMs: (config.limits?.bodyTimeoutSeconds ?? 120) * 1000,
      maxInflightBodyBytes: Math.floor((config.limits?.maxInflightBodyMb ?? 256) * 1024 * 1024),
      maxConnections: config.limits?.maxConnections ?? 1024,
    },
    drainMs: (config.drainSeconds ?? 30) * 1000,
    workers: config.workers === 'auto' ? availableParallelism() : ((config.workers as number | undefined) ?? 1),
    metricsPort: config.metricsPort,
    env,
    configFile,
    baseDir,
  };
}

function describeAllowed(params: Record<string, unknown>): string {
  if (Array.isArray(params.allowedValues)) return ` (${params.allowedValues.join(', ')})`;
  if (typeof params.additionalProperty === 'string') return ` ('${params.additionalProperty}')`;
  return '';
}

/** Env wins over the file. Values are coerced here so the schema sees their real types. */
function applyEnv(config: Record<string, unknown>, env: Env, cwd: string): Record<string, unknown> {
  const server = { ...((config.server as Record<string, unknown>) ?? {}) };
  if (env.PORT !== undefined && env.PORT !== '') server.port = toNumber(env.PORT, 'PORT');
  if (env.HOST) server.host = env.HOST;
  if (env.GATEWAY_BODY_LIMIT) server.bodyLimitBytes = parseBytes(env.GATEWAY_BODY_LIMIT);
  if (Object.keys(server).length > 0) config.server = server;
  if (env.GATEWAY_STRICT !== undefined && env.GATEWAY_STRICT !== '') config.strict = toBoolean(env.GATEWAY_STRICT, 'GATEWAY_STRICT');
  if (env.LOG_LEVEL) config.logLevel = env.LOG_LEVEL;
  if (env.LOG_FORMAT) config.logFormat = env.LOG_FORMAT.trim().toLowerCase();

  const access = { ...((config.access as Record<string, unknown>) ?? {}) };
  // A keys file named in env is relative to the working directory; one in the config file, to that file.
  if (env.GATEWAY_API_KEYS_FILE) access.apiKeysFile = resolve(cwd, env.GATEWAY_API_KEYS_FILE);
  if (env.GATEWAY_ALLOWED_ORIGINS !== undefined) access.allowedOrigins = toList(env.GATEWAY_ALLOWED_ORIGINS);
  if (env.GATEWAY_ALLOWED_HOSTS !== undefined) access.allowedHosts = toList(env.GATEWAY_ALLOWED_HOSTS);
  if (env.GATEWAY_ALLOW_UNAUTHENTICATED) access.allowUnauthenticated = toBoolean(env.GATEWAY_ALLOW_UNAUTHENTICATED, 'GATEWAY_ALLOW_UNAUTHENTICATED');
  if (Object.keys(access).length > 0) config.access = access;

  const limits = { ...((config.limits as Record<string, unknown>) ?? {}) };
  const limitEnv: Array<[string, string]> = [
    ['GATEWAY_IDLE_TIMEOUT_SECONDS', 'idleTimeoutSeconds'],
    ['GATEWAY_HEADERS_TIMEOUT_SECONDS', 'headersTimeoutSeconds'],
    ['GATEWAY_BODY_TIMEOUT_SECONDS', 'bodyTimeoutSeconds'],
    ['GATEWAY_MAX_INFLIGHT_BODY_MB', 'maxInflightBodyMb'],
    ['GATEWAY_MAX_CONNECTIONS', 'maxConnections'],
  ];
  for (const [name, key] of limitEnv) if (env[name]) limits[key] = toNumber(env[name]!, name);
  if (Object.keys(limits).length > 0) config.limits = limits;
  if (env.GATEWAY_DRAIN_SECONDS) config.drainSeconds = toNumber(env.GATEWAY_DRAIN_SECONDS, 'GATEWAY_DRAIN_SECONDS');
  if (env.GATEWAY_WORKERS) config.workers = toWorkers(env.GATEWAY_WORKERS);
  if (env.GATEWAY_METRICS_PORT) config.metricsPort = toNumber(env.GATEWAY_METRICS_PORT, 'GATEWAY_METRICS_PORT');
  return config;
}

/** A number of workers (checked by the schema), or `auto`. */
function toWorkers(value: string): number | 'auto' {
  const trimmed = value.trim().toLowerCase();
  if (trimmed === 'auto') return 'auto';
  const parsed = Number(trimmed);
  if (trimmed === '' || !Number.isFinite(parsed)) throw new ConfigError(`Invalid GATEWAY_WORKERS: "${value}" must be a whole number of workers or auto`);
  return parsed;
}

/** A comma-separated env list: `a, b,,c` is `['a', 'b', 'c']`. */
function toList(value: string): string[] {
  return value.split(',').map((item) => item.trim()).filter(Boolean);
}

function toNumber(value: string, name: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) throw new ConfigError(`Invalid ${name}: "${value}" is not a number`);
  return parsed;
}

/** true / false (also 1/0, yes/no, on/off), or undefined for anything else. */
export function parseBooleanWord(value: string): boolean | undefined {
  const normal = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(normal)) return true;
  if (['false', '0', 'no', 'off'].includes(normal)) return false;
  return undefined;
}

function toBoolean(value: string, name: string): boolean {
  const parsed = parseBooleanWord(value);
  if (parsed === undefined) throw new ConfigError(`Invalid ${name}: "${value}" must be true or false`);
  return parsed;
}

export function parseBytes(value: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*$/i.exec(value);
  if (!match) throw new ConfigError(`Invalid GATEWAY_BODY_LIMIT: "${value}" (expected bytes, or a size like 32mb)`);
  const unit = (match[2] ?? 'b').toLowerCase();
  const factor = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }[unit as 'b'];
  return Math.floor(Number(match[1]) * factor);
}
