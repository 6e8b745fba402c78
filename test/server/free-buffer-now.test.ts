import { freeBufferNow } from '../../core/server/free-buffer-now';
import { collectGarbage } from '../helpers/collect-garbage';

const MB = 1024 * 1024;

describe('freeBufferNow', () => {
  it('empties a Buffer that spans its own ArrayBuffer, and a young collection gives its memory back', async () => {
    const buffer = Buffer.alloc(8 * MB, 1);
    // Held from here on, as a body kept through an upstream call is: only the transfer can free it.
    const before = process.memoryUsage().arrayBuffers;
    freeBufferNow(buffer);
    expect(buffer.length).toBe(0);
    expect(buffer.buffer.byteLength).toBe(0);
    // V8 frees the memory of dead ArrayBuffers on a background thread once the collection is over.
    const freed = () => before - process.memoryUsage().arrayBuffers >= 8 * MB;
    for (let wait = 0; wait < 50 && !freed(); wait++) {
      collectGarbage('minor');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(freed()).toBe(true);
  });

  it('leaves alone what others may share or what is not worth it', () => {
    const pooled = Buffer.from('a small body'); // a slice of Node's shared pool
    const whole = Buffer.alloc(64 * 1024, 2);
    const slice = whole.subarray(1024);
    const small = Buffer.alloc(1024, 3);
    const shared = Buffer.from(new SharedArrayBuffer(64 * 1024));
    for (const buffer of [pooled, slice, small, shared]) {
      const length = buffer.length;
      freeBufferNow(buffer);
      expect(buffer.length).toBe(length);
    }
    expect(whole.length).toBe(64 * 1024);
    expect(slice[0]).toBe(2);
  });
});
