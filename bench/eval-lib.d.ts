// Types for the parts of eval-lib.js that tests import (the eval scripts themselves are plain JS).
export interface TokenKind {
  readonly legacy: boolean;
  readonly admin: boolean;
  readonly holders: ReadonlySet<string>;
}
export function tokenKind(text: string): TokenKind;
export function differentKind(a: TokenKind, b: TokenKind): boolean;
export function family(name: string): string;
