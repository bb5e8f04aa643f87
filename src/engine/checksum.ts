/** Structural validators named by a rule's `checksum` field. */

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) {
    crc = (crc >>> 8) ^ (CRC_TABLE[(crc ^ text.charCodeAt(i)) & 0xff] ?? 0);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

export function base62(value: number, width: number): string {
  let out = '';
  let n = value;
  while (n > 0) {
    out = (BASE62[n % 62] ?? '') + out;
    n = Math.floor(n / 62);
  }
  return out.padStart(width, '0');
}

/** `<prefix>_<30 base62 random><6 base62 CRC32 of the random part>` (GitHub, npm). */
function prefixedCrc32(token: string): boolean {
  const body = token.slice(token.lastIndexOf('_') + 1);
  if (body.length !== 36) return false;
  return base62(crc32(body.slice(0, 30)), 6) === body.slice(30);
}

export const CHECKSUMS: Readonly<Record<string, (secret: string) => boolean>> = {
  'github-crc32': prefixedCrc32,
  'npm-crc32': prefixedCrc32,
};
