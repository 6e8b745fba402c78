import { registerSecrets } from '../../../core/log/redact';
import { ErrorEventMasker } from '../../../core/protocol/sse/mask-error-events';

const SECRET = 'configured-value-for-masker-1';
registerSecrets([SECRET]);

const START = 'event: message_start\ndata: {"type":"message_start"}\n\n';
const DELTA = 'event: content_block_delta\ndata: {"type":"content_block_delta","delta":{"text":"an error\\nhere: error"}}\n\n';
const ERROR = `event: error\ndata: {"type":"error","error":{"type":"api_error","message":"bad key ${SECRET}"}}\n\n`;
const MASKED_ERROR = 'event: error\ndata: {"type":"error","error":{"type":"api_error","message":"bad key ****"}}\n\n';

/** What the client receives when the stream arrives in these chunks. */
function through(chunks: string[]): { text: string; sentAsIs: number } {
  const masker = new ErrorEventMasker();
  const out: Buffer[] = [];
  let sentAsIs = 0;
  for (const text of chunks) {
    const chunk = Buffer.from(text);
    const sent = masker.push(chunk);
    if (sent === chunk) sentAsIs++;
    if (sent) out.push(sent);
  }
  const rest = masker.flush();
  if (rest) out.push(rest);
  return { text: Buffer.concat(out).toString(), sentAsIs };
}

/** Every way of cutting `text` in two. */
function cutsOf(text: string): string[][] {
  return Array.from({ length: text.length - 1 }, (_, i) => [text.slice(0, i + 1), text.slice(i + 1)]);
}

describe('ErrorEventMasker', () => {
  it('hands other chunks on as they are, never decoded, even when their text says error', () => {
    expect(through([START, DELTA, 'event: ping\ndata: {"type":"ping"}\n\n', ': error\n\n'])).toEqual({
      text: START + DELTA + 'event: ping\ndata: {"type":"ping"}\n\n: error\n\n',
      sentAsIs: 4,
    });
  });

  it('masks an error event, and keeps the events before it in the same chunk', () => {
    expect(through([START, DELTA + ERROR]).text).toBe(START + DELTA + MASKED_ERROR);
  });

  it('masks an error event however the stream is cut', () => {
    const stream = START + DELTA + ERROR;
    for (const chunks of cutsOf(stream)) expect(through(chunks).text).toBe(START + DELTA + MASKED_ERROR);
  });

  it('masks an error event cut into single bytes', () => {
    expect(through([...(START + ERROR)]).text).toBe(START + MASKED_ERROR);
  });

  it('masks CRLF streams and `event:error` without a space', () => {
    const crlf = `event: message_start\r\ndata: {}\r\n\r\nevent:error\r\ndata: {"message":"${SECRET}"}\r\n\r\n`;
    expect(through([crlf]).text).toBe('event: message_start\r\ndata: {}\r\n\r\nevent:error\r\ndata: {"message":"****"}\r\n\r\n');
  });

  it('sends an error event on as soon as it is complete, and what follows as is', () => {
    const masker = new ErrorEventMasker();
    expect(masker.push(Buffer.from('event: error\n'))).toBeUndefined();
    expect(masker.push(Buffer.from(`data: {"message":"${SECRET}"}\n\n`))!.toString()).toBe('event: error\ndata: {"message":"****"}\n\n');
    const next = Buffer.from(START);
    expect(masker.push(next)).toBe(next);
  });

  it('lets a never-ending error event through in whole lines once it is large', () => {
    const masker = new ErrorEventMasker();
    masker.push(Buffer.from('event: error\n'));
    const line = `data: ${'x'.repeat(1000)} ${SECRET}\n`;
    let sent = '';
    for (let i = 0; i < 80; i++) sent += masker.push(Buffer.from(line))?.toString() ?? '';
    expect(sent.length).toBeGreaterThan(60 * 1024);
    expect(sent).not.toContain(SECRET);
    expect(sent.endsWith('\n')).toBe(true);
  });
});
