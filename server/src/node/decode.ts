/**
 * Bytes on disk to text. Halibut reads ASCII unless told otherwise; editors
 * read UTF-8. We read UTF-8 when the bytes are valid UTF-8 and Latin-1
 * otherwise, so that no byte is ever lost or replaced; and from each
 * `\cfg{input-charset}{NAME}` paragraph on, the bytes are read in NAME, as
 * halibut reads them.
 */

import { lookupCharset } from '../core/charsetNames';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const latin1 = new TextDecoder('latin1');

function decodeDefault(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    return latin1.decode(bytes);
  }
}

function decodeAs(bytes: Uint8Array, label: string | undefined): string {
  if (!label || label === 'utf-8') return decodeDefault(bytes);
  try {
    return new TextDecoder(label, { ignoreBOM: true }).decode(bytes);
  } catch {
    return decodeDefault(bytes);
  }
}

/** A charset switch: a \cfg{input-charset} paragraph at the start of a line (ASCII, so findable in the raw bytes). */
const SWITCH = /(?:^|\n)[ \t]*\\cfg\{input-charset\}[ \t\r\n]*\{([^{}\\\r\n]*)\}[^\n]*\n?/g;

export function decode(bytes: Uint8Array): string {
  // The directive is ASCII, which both default decodings keep: a file without it is decoded once.
  const text = decodeDefault(bytes);
  if (!text.includes('input-charset')) return text;
  // In a Latin-1 view of the bytes, offsets are byte offsets.
  const raw = latin1.decode(bytes);
  let out = '';
  let from = 0;
  let label: string | undefined;
  for (const m of raw.matchAll(SWITCH)) {
    const end = m.index! + m[0].length;
    out += decodeAs(bytes.subarray(from, end), label);
    from = end;
    const cs = lookupCharset(m[1]);
    if (cs) label = cs.decoder;
  }
  return out + decodeAs(bytes.subarray(from), label);
}
