/**
 * The only preview of a secret that leaves the engine: a few leading characters (at most 4,
 * and at most a fifth of the secret) followed by an ellipsis. For provider tokens that is
 * the public prefix (`ghp_…`); for short passwords it is one or two characters.
 */
export function redact(secret: string): string {
  const visible = Math.min(4, Math.floor(secret.length / 5));
  return `${secret.slice(0, visible)}…`;
}
