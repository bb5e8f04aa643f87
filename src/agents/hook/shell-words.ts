/**
 * Just enough of POSIX shell syntax to see which commands a command line runs: quotes,
 * escapes, command separators, `$(…)` and backticks, comments and here-documents. Not an
 * evaluator — no expansion, no aliases — so a determined script can always hide a command;
 * this is for the commands agents actually type. Output: one word list per simple command,
 * nested substitutions included as commands of their own.
 */

const SEPARATORS = new Set([';', '&', '|', '\n', '(', ')']);
const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh']);

interface HereDoc {
  readonly delimiter: string;
  readonly stripTabs: boolean;
  /** The body runs as a script (`bash <<EOF`). */
  readonly script: boolean;
}

/** Index of the `)` closing the `$(` whose content starts at `from`, ignoring quoted parentheses. */
function closingParen(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === "'") i = text.indexOf("'", i + 1) === -1 ? text.length : text.indexOf("'", i + 1);
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return text.length;
}

function closingBacktick(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '`') return i;
  }
  return text.length;
}

export function splitCommands(script: string, depth = 0): string[][] {
  const commands: string[][] = [];
  if (depth > 4) return commands;
  let words: string[] = [];
  let word = '';
  let inWord = false;
  const heredocs: HereDoc[] = [];
  let pendingHeredoc: { stripTabs: boolean } | undefined;

  const endWord = (): void => {
    if (!inWord) return;
    if (pendingHeredoc) {
      const shell = SHELLS.has((words[0] ?? '').split('/').pop() ?? '');
      heredocs.push({ delimiter: word, stripTabs: pendingHeredoc.stripTabs, script: shell });
      pendingHeredoc = undefined;
    } else {
      words.push(word);
    }
    word = '';
    inWord = false;
  };
  const endCommand = (): void => {
    endWord();
    if (words.length > 0) commands.push(words);
    words = [];
  };
  const substitute = (body: string): void => {
    commands.push(...splitCommands(body, depth + 1));
    word += '$(…)';
    inWord = true;
  };

  for (let i = 0; i < script.length; i++) {
    const c = script[i] ?? '';
    if (c === '\\') {
      if (script[i + 1] === '\n') i++;
      else {
        word += script[i + 1] ?? '';
        inWord = true;
        i++;
      }
    } else if (c === "'" || (c === '$' && script[i + 1] === "'")) {
      const open = c === '$' ? i + 1 : i;
      const close = script.indexOf("'", open + 1);
      const end = close === -1 ? script.length : close;
      word += script.slice(open + 1, end);
      inWord = true;
      i = end;
    } else if (c === '"') {
      inWord = true;
      let j = i + 1;
      for (; j < script.length && script[j] !== '"'; j++) {
        const d = script[j];
        if (d === '\\' && j + 1 < script.length) word += script[++j] ?? '';
        else if (d === '$' && script[j + 1] === '(') {
          const close = closingParen(script, j + 2);
          substitute(script.slice(j + 2, close));
          j = close;
        } else if (d === '`') {
          const close = closingBacktick(script, j + 1);
          substitute(script.slice(j + 1, close));
          j = close;
        } else word += d;
      }
      i = j;
    } else if (c === '$' && script[i + 1] === '(') {
      const close = closingParen(script, i + 2);
      substitute(script.slice(i + 2, close));
      i = close;
    } else if (c === '`') {
      const close = closingBacktick(script, i + 1);
      substitute(script.slice(i + 1, close));
      i = close;
    } else if (c === '#' && !inWord) {
      const newline = script.indexOf('\n', i);
      i = (newline === -1 ? script.length : newline) - 1;
    } else if (c === '<' && script[i + 1] === '<' && script[i + 2] !== '<') {
      endWord();
      const stripTabs = script[i + 2] === '-';
      pendingHeredoc = { stripTabs };
      i += stripTabs ? 2 : 1;
    } else if (c === '\n' && heredocs.length > 0) {
      endCommand();
      // Here-document bodies follow the line that opened them.
      let at = i + 1;
      for (const doc of heredocs.splice(0)) {
        const lines: string[] = [];
        while (at < script.length) {
          const next = script.indexOf('\n', at);
          const stop = next === -1 ? script.length : next;
          const line = script.slice(at, stop);
          at = stop + 1;
          if ((doc.stripTabs ? line.replace(/^\t+/, '') : line) === doc.delimiter) break;
          lines.push(line);
        }
        if (doc.script) commands.push(...splitCommands(lines.join('\n'), depth + 1));
      }
      i = at - 1;
    } else if (SEPARATORS.has(c) || c === ' ' || c === '\t' || c === '\r') {
      if (SEPARATORS.has(c)) endCommand();
      else endWord();
    } else if (c === '>' || c === '<') {
      endWord();
      words.push(c);
    } else {
      word += c;
      inWord = true;
    }
  }
  endCommand();
  return commands;
}
