/** Command-line flags of the bench scripts: `--name 12` (a positive integer) and bare switches such as `--quick`. */
const argv = process.argv.slice(2);

/** The positive integer after `--name`, or `fallback` when the flag is absent; a bad value throws naming the flag. */
export function integerFlag(name: string, fallback: number): number {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(argv[i + 1]);
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name}: expected a positive integer, got ${argv[i + 1]}`);
  return v;
}

/** True when the bare switch `--name` was given. */
export function switchFlag(name: string): boolean {
  return argv.includes(`--${name}`);
}
