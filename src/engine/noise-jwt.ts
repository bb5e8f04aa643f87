/**
 * Documentation JWTs. API references and tutorials show complete, well-formed tokens (the
 * jwt.io sample, AWS and Microsoft identity examples) whose encoded text looks as random as a
 * real one; what gives them away is the claims: example domains, `EXAMPLE` markers and the
 * documented placeholder numbers (`1234567890`, AWS account `123456789012`). A token is decoded
 * only when the secret starts like a JWT, so other secrets pay one string comparison.
 */

// Markers that never occur in a token a real issuer minted: RFC 2606 example domains,
// `EXAMPLE…` claim values, counting digit runs and runs of x.
const EXAMPLE_CLAIMS = /example|123456789|xxxx/i;
// A JWT header or payload is base64url of a JSON object, so it starts `eyJ` (`{"`).
const MAX_DECODED = 4096;

function decodeSegment(segment: string): string {
  return Buffer.from(segment.slice(0, Math.ceil((MAX_DECODED * 4) / 3)), 'base64url').toString('utf8');
}

/** True for a JWT whose header or claims carry documentation placeholders. */
export function isExampleJwt(secret: string): boolean {
  if (!secret.startsWith('eyJ')) return false;
  const [header, payload] = secret.split('.', 2);
  if (header === undefined || payload === undefined) return false;
  return EXAMPLE_CLAIMS.test(decodeSegment(header)) || EXAMPLE_CLAIMS.test(decodeSegment(payload));
}
