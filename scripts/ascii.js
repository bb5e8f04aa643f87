// Build helper: text made pure ASCII, every non-ASCII UTF-16 unit written as a `\uXXXX` escape,
// which means the same character in JSON strings and in JavaScript source (strings, templates,
// regular expressions, identifiers). One non-ASCII character makes V8 hold a whole file as a
// two-byte string; the hook paths read the ASCII runtime catalogue and bundles as latin1.
export const toAscii = (text) => text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
