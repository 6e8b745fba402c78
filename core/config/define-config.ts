import type { GatewayConfig } from './config-schema';
import type { Env } from './read-env-files';

/** A config file may export the object, or a function of the merged env (process env over .env files). */
export type ConfigInput = GatewayConfig | ((context: { env: Env }) => GatewayConfig);

/** Typed identity for gateway.config.ts: `export default defineConfig({...})`. */
export function defineConfig<T extends ConfigInput>(config: T): T {
  return config;
}
