import { checkEventStreamStart } from '../../../core/protocol/sse/check-event-stream-start';

const check = (text: string) => checkEventStreamStart(Buffer.from(text));

describe('checkEventStreamStart', () => {
  it.each([
    ['message_start', 'event: message_start\ndata: {"type":"message_start"}\n\n'],
    ['a ping first', 'event: ping\ndata: {"type": "ping"}\n\n'],
    ['an error first', 'event: error\ndata: {}\n\n'],
    ['a comment', ': keep-alive\n\n'],
    ['a blank line', '\nevent: message_start\n'],
    ['a data line', 'data: {"type":"message_start"}\n\n'],
    ['an id line', 'id: 1\nevent: message_start\n'],
    ['a CRLF stream', 'event: message_start\r\ndata: {}\r\n\r\n'],
    ['a byte order mark', '\ufeffevent: message_start\n'],
    ['a line cut short', 'eve'],
    ['an event name cut short', 'event: message_st'],
  ])('accepts %s', (_name, text) => {
    expect(check(text)).toBeUndefined();
  });

  it.each([
    ['JSON', '{"type":"message","content":[]}', "it begins with '{\"type\":\"message\",\"content\":[]}'"],
    ['HTML', '<!DOCTYPE html>\n<html>', "it begins with '<!DOCTYPE html> <html>'"],
    ['another first event', 'event: content_block_delta\ndata: {}\n\n', "its first event is 'content_block_delta', not message_start"],
    ['an unknown field', 'status: ok\n', "it begins with 'status: ok'"],
  ])('refuses %s', (_name, text, problem) => {
    expect(check(text)).toBe(problem);
  });
});
