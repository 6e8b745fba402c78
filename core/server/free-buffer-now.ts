// Below this, waiting for the garbage collector costs less than the transfer.
const WORTH_FREEING_BYTES = 16 * 1024;

/**
 * Gives a large Buffer's memory back at V8's next young-generation
 * collection instead of its next full one. A Buffer that outlived two young
 * collections (a request body kept for retries through an upstream call,
 * say) has its memory freed only by a full collection, and V8 starts one for
 * such memory only once 64 MB of it has piled up. Its backing store is moved,
 * without a copy, into a throwaway ArrayBuffer that the next young collection
 * frees; the Buffer is left empty. Only for a Buffer that spans its whole
 * ArrayBuffer (never a slice of Node's shared pool) and that nothing will
 * read again: any other view of that ArrayBuffer is emptied too.
 */
export function freeBufferNow(buffer: Buffer): void {
  const store = buffer.buffer;
  if (!(store instanceof ArrayBuffer) || buffer.byteOffset !== 0 || buffer.byteLength !== store.byteLength || store.byteLength < WORTH_FREEING_BYTES) return;
  structuredClone(store, { transfer: [store] });
}
