/** The slice of a logger the translators write to; a winston Logger fits it. */
export interface TranslationLogger {
  debug(message: string, meta?: Record<string, unknown>): void;
  info(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
}

const ignore = () => undefined;

export const silentLogger: TranslationLogger = { debug: ignore, info: ignore, warn: ignore };
