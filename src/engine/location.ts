/** Byte offset → 1-based line and UTF-16 column, built lazily (only files with findings pay). */
export interface Position {
  readonly line: number;
  readonly column: number;
}

export class LineIndex {
  private starts: number[] | undefined;

  constructor(private readonly bytes: Buffer) {}

  private lineStarts(): number[] {
    if (this.starts) return this.starts;
    const starts = [0];
    let i = this.bytes.indexOf(10);
    while (i !== -1) {
      starts.push(i + 1);
      i = this.bytes.indexOf(10, i + 1);
    }
    this.starts = starts;
    return starts;
  }

  /** 0-based index of the line holding `offset`. */
  private lineOf(offset: number): number {
    const starts = this.lineStarts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  position(offset: number): Position {
    const line = this.lineOf(offset);
    const start = this.lineStarts()[line] ?? 0;
    return { line: line + 1, column: this.bytes.toString('utf8', start, offset).length + 1 };
  }

  /** Text of the 1-based line, without its line ending. */
  lineText(line: number): string {
    const starts = this.lineStarts();
    const start = starts[line - 1];
    if (start === undefined) return '';
    const next = starts[line];
    const end = next === undefined ? this.bytes.length : next - 1;
    return this.bytes.toString('utf8', start, Math.min(end, start + 4096)).replace(/\r$/, '');
  }
}
