import { ApiError } from '../../anthropic/errors';
import type { DocumentBlock, ImageBlock, TextBlock } from '../../anthropic/types';
import type { ChatContentPart, ChatContentPartFile, ChatContentPartImage, ChatContentPartText } from '../../openai/types';
import type { ConversionContext } from './conversion-context';

export function convertImageBlock(block: ImageBlock, path: string, ctx: ConversionContext): ChatContentPartImage {
  const source = block.source as { type: string; media_type?: string; data?: string; url?: string };
  let url: string;
  if (source.type === 'base64' && typeof source.data === 'string') {
    url = `data:${source.media_type ?? 'image/png'};base64,${source.data}`;
  } else if (source.type === 'url' && typeof source.url === 'string') {
    url = source.url;
  } else {
    throw new ApiError(400, `${path}: image source type "${source.type}" cannot be sent to this backend`);
  }
  return ctx.cache.mark({ type: 'image_url', image_url: { url } }, block.cache_control);
}

/** Plain-text documents become text; PDFs become `file` parts where the upstream takes files. */
export function convertDocumentBlock(block: DocumentBlock, path: string, ctx: ConversionContext): ChatContentPart | null {
  const source = block.source;
  if (source.type === 'text' && typeof source.data === 'string') {
    return source.data === '' ? null : ctx.cache.mark<ChatContentPartText>({ type: 'text', text: source.data }, block.cache_control);
  }
  if (source.type === 'content') {
    const text = textOfContentSource(source.content);
    return text === '' ? null : ctx.cache.mark<ChatContentPartText>({ type: 'text', text }, block.cache_control);
  }
  if (!ctx.supportsDocuments) {
    throw new ApiError(400, `${path}: document blocks (${source.media_type ?? source.type}) are not supported by this backend`);
  }
  const filename = typeof block.title === 'string' && block.title !== '' ? block.title : 'document.pdf';
  let fileData: string;
  if (source.type === 'base64' && typeof source.data === 'string') {
    fileData = `data:${source.media_type ?? 'application/pdf'};base64,${source.data}`;
  } else if (source.type === 'url' && typeof source.url === 'string') {
    fileData = source.url;
  } else {
    throw new ApiError(400, `${path}: document source type "${source.type}" cannot be sent to this backend`);
  }
  const part: ChatContentPartFile & { cache_control?: unknown } = { type: 'file', file: { filename, file_data: fileData } };
  return ctx.cache.mark(part, block.cache_control);
}

function textOfContentSource(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const item of content as TextBlock[]) {
    if (item?.type === 'text' && typeof item.text === 'string' && item.text !== '') text += text ? `\n\n${item.text}` : item.text;
  }
  return text;
}
