import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from 'winston';
import { stringifyJsonToBuffer } from '../../protocol/json/stringify-json-to-buffer';
import type { NativeBodyRules } from './native-anthropic-upstream';

/** The betas named by an `anthropic-beta` header (comma-separated, possibly repeated). */
export function betasFromHeader(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  const joined = Array.isArray(value) ? value.join(',') : value;
  const betas: string[] = [];
  for (const part of joined.split(',')) {
    const beta = part.trim();
    if (beta && !betas.includes(beta)) betas.push(beta);
  }
  return betas;
}

/** Splits the client's betas into those the upstream takes and those it would refuse. */
export function sortBetas(rules: NativeBodyRules, header: string | string[] | undefined): { accepted: string[]; dropped: string[] } {
  const accepted: string[] = [];
  const dropped: string[] = [];
  for (const beta of betasFromHeader(header)) (rules.acceptsBeta?.(beta) ? accepted : dropped).push(beta);
  return { accepted, dropped };
}

/**
 * The upstream's body: the client's fields, less `model` and `stream` where
 * the upstream takes them elsewhere, plus the fixed fields, plus `defaults`
 * for fields the client left out, plus the accepted betas. Betas the client
 * already put in the body are kept.
 */
export function buildNativeBody(
  body: object,
  rules: NativeBodyRules,
  clientHeaders: IncomingHttpHeaders,
  logger: Pick<Logger, 'debug'>,
  defaults?: Readonly<Record<string, unknown>>,
): Buffer {
  const out: Record<string, unknown> = { ...(body as Record<string, unknown>) };
  if (rules.dropModel !== false) delete out.model;
  if (rules.dropStream !== false) delete out.stream;
  if (rules.set) Object.assign(out, rules.set);
  if (defaults) for (const name in defaults) if (out[name] === undefined) out[name] = defaults[name];
  if (rules.betaField) {
    const { accepted, dropped } = sortBetas(rules, clientHeaders['anthropic-beta']);
    if (dropped.length > 0) logger.debug('Dropped betas the upstream does not accept', { betas: dropped });
    if (accepted.length > 0) {
      const present = out[rules.betaField];
      const merged = Array.isArray(present) ? [...(present as unknown[])] : [];
      for (const beta of accepted) if (!merged.includes(beta)) merged.push(beta);
      out[rules.betaField] = merged;
    }
  }
  rules.adjust?.(out, logger);
  return stringifyJsonToBuffer(out);
}
