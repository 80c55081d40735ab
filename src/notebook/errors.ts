/**
 * A failing cell's error text, split for people: the message first, then where it happened. tslab prints a runtime
 * error as the source line with a caret, then `Error: message`, then the `at …` stack; a type error as
 * `line:column - message` lines.
 */

/** Strips ANSI colour codes from kernel tracebacks. */
export function plainText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}

export interface ErrorParts {
  /** The error's message lines (`Error: …`, or the compiler's `line:column - …` lines). */
  message: string;
  /** The rest: the source line and caret, and the stack. */
  stack: string;
}

const errorLine = /^\s*(?:[A-Za-z_$][\w$.]*)?(?:Error|Exception|Timeout|Interrupt)\b[^\n]*?:\s|^\s*Uncaught\b|^\d+:\d+ - /;
const stackLine = /^\s+at\s/;

/** Splits an error text into its message and its stack (the whole text is the message when no part is recognised). */
export function splitError(text: string): ErrorParts {
  const lines = plainText(text).replace(/\r/g, '').split('\n');
  const first = lines.findIndex((l) => errorLine.test(l));
  if (first < 0) {
    const at = lines.findIndex((l) => stackLine.test(l));
    if (at <= 0) return { message: lines.join('\n').trim(), stack: '' };
    return { message: lines.slice(0, at).join('\n').trim(), stack: lines.slice(at).join('\n').trim() };
  }
  let end = first + 1;
  while (end < lines.length && !stackLine.test(lines[end]) && lines[end].trim() !== '') end++;
  const message = lines.slice(first, end).join('\n').trim();
  const stack = [...lines.slice(0, first), ...lines.slice(end)].join('\n').replace(/^\n+|\s+$/g, '');
  return { message, stack };
}

/** The error as the CLI prints it: the message, then the stack indented (at most `maxStackLines` of it). */
export function formatError(text: string, maxStackLines = 12): string {
  const { message, stack } = splitError(text);
  const stackLines = stack.split('\n').filter((l) => l.trim() !== '');
  const shown = stackLines.slice(0, maxStackLines).map((l) => `    ${/^\s+at\s/.test(l) ? l.trim() : l}`);
  if (stackLines.length > maxStackLines) shown.push(`    … ${stackLines.length - maxStackLines} more lines`);
  return [message, ...shown].join('\n');
}
