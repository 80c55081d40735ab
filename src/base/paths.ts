/**
 * Where the toolkit's files are: one place for every path relative to the package (the checkout, or
 * node_modules/transformer-limits when installed). This file sits two levels below the package root in both src/ and
 * dist/, so the root is the same whether the code runs from sources (vitest, tsx) or from the build.
 */
import { join, resolve } from 'node:path';

/** The package root: the folder holding package.json, notebooks/, native/, bin/, data/. */
export const packageRoot = resolve(__dirname, '..', '..');

/** A path inside the package, e.g. packagePath('data', 'cache'). */
export function packagePath(...parts: string[]): string {
  return join(packageRoot, ...parts);
}
