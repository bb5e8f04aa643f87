/** Raw commit objects (from `cat-file --batch`): author date and message. Pure. */

export interface CommitInfo {
  /** ISO 8601 with the author's own UTC offset, e.g. 2024-05-01T09:30:00+02:00. */
  readonly authorDate: string;
  /** The message bytes as stored (any encoding header is left to the engine's decoder). */
  readonly message: Buffer;
}

export function parseCommitObject(raw: Buffer): CommitInfo {
  const end = raw.indexOf('\n\n');
  const headers = (end === -1 ? raw : raw.subarray(0, end)).toString('utf8').split('\n');
  const author = headers.find((h) => h.startsWith('author '));
  const m = author === undefined ? null : / (\d+) ([+-]\d{4})$/.exec(author);
  return {
    authorDate: m ? isoDate(Number(m[1]), m[2] ?? '+0000') : '',
    message: end === -1 ? Buffer.alloc(0) : raw.subarray(end + 2),
  };
}

/** Git's `<epoch seconds> <±hhmm>` as ISO 8601 in that offset. */
export function isoDate(epochSeconds: number, tz: string): string {
  const sign = tz.startsWith('-') ? -1 : 1;
  const minutes = sign * (Number(tz.slice(1, 3)) * 60 + Number(tz.slice(3, 5)));
  const local = new Date((epochSeconds + minutes * 60) * 1000).toISOString().slice(0, 19);
  return `${local}${tz.slice(0, 3)}:${tz.slice(3, 5)}`;
}
