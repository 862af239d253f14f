const encoder = new TextEncoder();

/** UTF-8 bytes of `text`. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/**
 * Compares bytes by content, whatever the concrete class (a Buffer equals a Uint8Array with the
 * same bytes).
 */
export function sameBytes(a: Uint8Array | undefined, b: Uint8Array): boolean {
  if (a === undefined || !(a instanceof Uint8Array) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A short readable description of bytes for failure messages. */
export function describeBytes(bytes: Uint8Array | undefined): string {
  if (bytes === undefined) return 'undefined';
  const head = Array.from(bytes.subarray(0, 16)).join(',');
  return `${bytes.constructor.name}(${bytes.length})[${head}${bytes.length > 16 ? ',…' : ''}]`;
}

/** A unique key prefix per test, so suites can share one server: `conf:<random>:`. */
export function uniquePrefix(): string {
  return `conf:${Math.random().toString(36).slice(2, 10)}${Date.now().toString(36)}:`;
}
