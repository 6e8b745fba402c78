/** The slice of a logger the translators write to; a winston Logger fits it. */
export interface TranslationLogger {
  debug(message: string, meta?: Record<string, unknown>): void;
  info(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
}

const ignore = () => undefined;

export const silentLogger: TranslationLogger = { debug: ignore, info: ignore, warn: ignore };

/**
 * A logger made on its first line, not before: a request's child logger costs
 * a few microseconds, and most requests never log from a translator.
 */
export function loggerOnFirstUse(make: () => TranslationLogger): TranslationLogger {
  let logger: TranslationLogger | undefined;
  const get = () => (logger ??= make());
  return {
    debug: (message, meta) => get().debug(message, meta),
    info: (message, meta) => get().info(message, meta),
    warn: (message, meta) => get().warn(message, meta),
  };
}
