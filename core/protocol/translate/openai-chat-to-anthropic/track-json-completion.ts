/**
 * Follows a streamed JSON object or array fragment by fragment (strings and escapes
 * included) and tells when the top-level value has closed, without parsing it.
 */
export class JsonCompletionTracker {
  started = false;
  complete = false;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private scalar = false;

  feed(fragment: string): void {
    if (this.complete || this.scalar) return;
    for (let i = 0; i < fragment.length; i++) {
      const code = fragment.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (code === 92 /* \ */) this.escaped = true;
        else if (code === 34 /* " */) this.inString = false;
        continue;
      }
      if (code === 32 || code === 10 || code === 13 || code === 9) continue;
      if (!this.started) {
        this.started = true;
        // A top-level scalar never "closes" for us: treat it as open until the stream ends.
        if (code !== 123 && code !== 91) {
          this.scalar = true;
          return;
        }
      }
      if (code === 34) this.inString = true;
      else if (code === 123 || code === 91) this.depth++;
      else if (code === 125 || code === 93) {
        this.depth--;
        if (this.depth === 0) {
          this.complete = true;
          return;
        }
      }
    }
  }
}
