// AWS event-stream frames as Bedrock writes them: a 12-byte prelude (total
// length, headers length, CRC-32 of those 8 bytes), string headers, the
// payload, and a CRC-32 of everything before it. The CRC is computed bit by
// bit here, apart from any implementation the gateway uses.

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

const STRING_TYPE = 7;

function encodeHeaders(headers: Record<string, string>): Buffer {
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const nameBytes = Buffer.from(name);
    const valueBytes = Buffer.from(value);
    const head = Buffer.alloc(1 + nameBytes.length + 3);
    head.writeUInt8(nameBytes.length, 0);
    nameBytes.copy(head, 1);
    head.writeUInt8(STRING_TYPE, 1 + nameBytes.length);
    head.writeUInt16BE(valueBytes.length, 2 + nameBytes.length);
    parts.push(head, valueBytes);
  }
  return Buffer.concat(parts);
}

export function encodeFrame(headers: Record<string, string>, payload: Buffer | string): Buffer {
  const headerBytes = encodeHeaders(headers);
  const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const total = 12 + headerBytes.length + body.length + 4;
  const frame = Buffer.alloc(total);
  frame.writeUInt32BE(total, 0);
  frame.writeUInt32BE(headerBytes.length, 4);
  frame.writeUInt32BE(crc32(frame.subarray(0, 8)), 8);
  headerBytes.copy(frame, 12);
  body.copy(frame, 12 + headerBytes.length);
  frame.writeUInt32BE(crc32(frame.subarray(0, total - 4)), total - 4);
  return frame;
}

/** One InvokeModelWithResponseStream chunk: an Anthropic event, base64 in `bytes`, with Bedrock's padding field. */
export function chunkFrame(event: object): Buffer {
  const bytes = Buffer.from(JSON.stringify(event)).toString('base64');
  return encodeFrame(
    { ':event-type': 'chunk', ':content-type': 'application/json', ':message-type': 'event' },
    JSON.stringify({ bytes, p: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJ'.slice(0, 1 + (bytes.length % 30)) }),
  );
}

/** A modelled exception mid-stream (`ThrottlingException`, `ModelStreamErrorException`, ...). */
export function exceptionFrame(exception: string, message: string): Buffer {
  return encodeFrame({ ':exception-type': exception, ':content-type': 'application/json', ':message-type': 'exception' }, JSON.stringify({ message }));
}
