import { Readable } from 'node:stream';

/**
 * From this size on, a request body is handed to undici as a one-shot stream.
 * undici keeps a Buffer body on its request until the whole answer has been
 * read, so a large body would live through the upstream call, be promoted to
 * V8's old generation, and come back only at a full collection, which V8
 * starts for such memory after 64 MB of it has piled up. A stream's bytes are
 * let go once written. Below this size a stream costs more than it saves.
 */
export const SEND_ONCE_FROM_BYTES = 64 * 1024;

/** A body written once, then forgotten: the sender keeps no reference to its bytes. */
export class OneShotBody extends Readable {
  readonly byteLength: number;
  private pieces: Buffer[] | undefined;

  /** `bytes` may come in pieces, sent one after the other (a pass-through's body with one field replaced). */
  constructor(bytes: Buffer | Buffer[]) {
    super();
    this.pieces = Array.isArray(bytes) ? bytes : [bytes];
    let length = 0;
    for (const piece of this.pieces) length += piece.length;
    this.byteLength = length;
  }

  // Called once: the whole body, then its end.
  override _read(): void {
    const pieces = this.pieces ?? [];
    this.pieces = undefined;
    for (const piece of pieces) this.push(piece);
    this.push(null);
  }
}

/**
 * The form of `bytes` to pass as an upstream request body. The caller must
 * not keep `bytes` itself across the call, or nothing is gained.
 */
export function sendOnce(bytes: Buffer): Buffer | OneShotBody {
  return bytes.length >= SEND_ONCE_FROM_BYTES ? new OneShotBody(bytes) : bytes;
}

/** The same for a body in pieces: a small one joined (cheaper than a stream), a large one sent piece by piece, not copied. */
export function sendPiecesOnce(pieces: Buffer[]): Buffer | OneShotBody {
  let length = 0;
  for (const piece of pieces) length += piece.length;
  return length >= SEND_ONCE_FROM_BYTES ? new OneShotBody(pieces) : Buffer.concat(pieces, length);
}
