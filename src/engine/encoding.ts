/**
 * Deciding what bytes to match on, from the bytes alone (never from names or attributes):
 * UTF-16 with a BOM is transcoded to UTF-8; a NUL in the first 8,000 bytes (git's own test)
 * marks binary content, which is still matched — provider tokens are ASCII and survive in
 * binaries — but only by provider rules, not the generic ones.
 */
export type Decoded =
  | { readonly kind: 'text'; readonly bytes: Buffer }
  | { readonly kind: 'binary'; readonly bytes: Buffer };

/** How many leading bytes decide the encoding. */
export const SNIFF_BYTES = 8000;

/** What the first bytes of some content say it is. */
export type Encoding = 'text' | 'utf-16le' | 'utf-16be' | 'binary';

/**
 * The one encoding sniffer: decided from the first bytes of a file (at least SNIFF_BYTES of
 * them when the file has that many). Content read in pieces is sniffed once, from its start,
 * and every piece is treated as that (see `detect`'s `kind` option).
 */
export function sniff(head: Buffer): Encoding {
  if (head.length >= 2) {
    const [a, b] = [head[0], head[1]];
    if (a === 0xff && b === 0xfe) return 'utf-16le';
    if (a === 0xfe && b === 0xff) return 'utf-16be';
  }
  return head.subarray(0, SNIFF_BYTES).includes(0) ? 'binary' : 'text';
}

export function decode(content: Buffer): Decoded {
  const encoding = sniff(content);
  if (encoding === 'utf-16le') return { kind: 'text', bytes: Buffer.from(content.subarray(2).toString('utf16le'), 'utf8') };
  if (encoding === 'utf-16be') return { kind: 'text', bytes: Buffer.from(swap16(content.subarray(2)).toString('utf16le'), 'utf8') };
  if (encoding === 'binary') return { kind: 'binary', bytes: content };
  if (content.length >= 3 && content[0] === 0xef && content[1] === 0xbb && content[2] === 0xbf) {
    return { kind: 'text', bytes: content.subarray(3) };
  }
  return { kind: 'text', bytes: content };
}

function swap16(bytes: Buffer): Buffer {
  const even = bytes.subarray(0, bytes.length - (bytes.length % 2));
  return Buffer.from(even).swap16();
}
