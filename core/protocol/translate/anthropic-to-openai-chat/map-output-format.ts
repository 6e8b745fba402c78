import { ApiError } from '../../anthropic/errors';
import type { MessagesRequest } from '../../anthropic/types';
import type { ChatResponseFormat } from '../../openai/types';
import type { TranslationLogger } from '../translation-logger';
import { schemaName, strictJsonSchema } from './strict-json-schema';

export interface OutputFormatParams {
  response_format?: ChatResponseFormat;
  /** The request field the format was read from, so it is not reported as dropped. */
  usedField?: 'output_config' | 'output_format';
}

/**
 * `output_config.format` (or the earlier top-level `output_format`) of type
 * `json_schema` -> `response_format` with a strict json_schema. A format type
 * with no chat counterpart is refused rather than dropped: the client would
 * otherwise get prose where it expects JSON.
 */
export function mapOutputFormat(body: MessagesRequest, logger: TranslationLogger): OutputFormatParams {
  const fromConfig = formatOf(body.output_config);
  const field = fromConfig !== undefined ? 'output_config' : 'output_format';
  const format = fromConfig ?? (isRecord(body.output_format) ? body.output_format : undefined);
  if (!format) return {};
  const path = field === 'output_config' ? 'output_config.format' : 'output_format';
  if (format.type !== 'json_schema' || !isRecord(format.schema)) {
    throw new ApiError(400, `${path}: format type ${JSON.stringify(format.type)} cannot be sent to this backend (only json_schema)`);
  }
  const { schema, strict } = strictJsonSchema(format.schema);
  if (!strict) logger.debug('Sent the output schema without strict mode: part of it has no strict form', { field: path });
  return {
    response_format: { type: 'json_schema', json_schema: { name: schemaName(format.schema.title), schema, strict } },
    usedField: field,
  };
}

function formatOf(outputConfig: unknown): Record<string, unknown> | undefined {
  if (!isRecord(outputConfig)) return undefined;
  return isRecord(outputConfig.format) ? outputConfig.format : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
