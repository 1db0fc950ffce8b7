/**
 * Bytes on disk to text. Halibut reads ASCII unless told otherwise; editors
 * read UTF-8. We read UTF-8 when the bytes are valid UTF-8 and Latin-1
 * otherwise, so that no byte is ever lost or replaced.
 */

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const latin1 = new TextDecoder('latin1');

export function decode(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    return latin1.decode(bytes);
  }
}
