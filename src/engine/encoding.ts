/**
 * Deciding what bytes to match on, from the bytes alone (never from names or attributes):
 * UTF-16 with a BOM is transcoded to UTF-8; a NUL in the first 8,000 bytes (git's own test)
 * marks binary content, which is still matched — provider tokens are ASCII and survive in
 * binaries — but only by provider rules, not the generic ones.
 */
export type Decoded =
  | { readonly kind: 'text'; readonly bytes: Buffer }
  | { readonly kind: 'binary'; readonly bytes: Buffer };

const SNIFF = 8000;

export function decode(content: Buffer): Decoded {
  if (content.length >= 2) {
    const [a, b] = [content[0], content[1]];
    if (a === 0xff && b === 0xfe) return { kind: 'text', bytes: Buffer.from(content.subarray(2).toString('utf16le'), 'utf8') };
    if (a === 0xfe && b === 0xff) return { kind: 'text', bytes: Buffer.from(swap16(content.subarray(2)).toString('utf16le'), 'utf8') };
  }
  const head = content.subarray(0, SNIFF);
  if (head.includes(0)) return { kind: 'binary', bytes: content };
  if (content.length >= 3 && content[0] === 0xef && content[1] === 0xbb && content[2] === 0xbf) {
    return { kind: 'text', bytes: content.subarray(3) };
  }
  return { kind: 'text', bytes: content };
}

function swap16(bytes: Buffer): Buffer {
  const even = bytes.subarray(0, bytes.length - (bytes.length % 2));
  return Buffer.from(even).swap16();
}
