/**
 * Rendering Plotly figure specs {data, layout} to static images with plotly.js inside headless Chromium (driven by
 * playwright-core; no browser download: Debian's /usr/bin/chromium). One browser per process, started lazily.
 * In a notebook kernel it stays open until the process exits; in a script it closes after a short idle time so the
 * process can end.
 */
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type { Figure } from './figure';
import { readableFigure } from './labels';

export type ImageFormat = 'png' | 'svg';

const chromiumFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

let browser: Promise<Browser> | null = null;
let page: Promise<Page> | null = null;
let idleTimer: NodeJS.Timeout | null = null;

/** Path of the Chromium executable: TL_CHROMIUM, else Debian's. */
export function chromiumPath(): string {
  return process.env.TL_CHROMIUM ?? '/usr/bin/chromium';
}

/** Path of the bundled plotly.js (plotly.js-dist-min). */
export function plotlyPath(): string {
  return require.resolve('plotly.js-dist-min');
}

function insideKernel(): boolean {
  return process.argv.some((a) => a === 'kernel') && process.argv.some((a) => a.includes('tslab'));
}

async function openPage(): Promise<Page> {
  const executable = chromiumPath();
  if (!existsSync(executable)) {
    throw new Error(
      `plots need Chromium at ${executable} (set TL_CHROMIUM to use another): install it with 'sudo apt-get install -y chromium' or run 'npm run setup' as root. Saving to .html works without it.`,
    );
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { chromium } = require('playwright-core') as typeof import('playwright-core');
  browser = chromium.launch({ executablePath: executable, headless: true, args: chromiumFlags });
  const b = await browser;
  const p = await b.newPage();
  await p.setContent('<!doctype html><html><body><div id="plot"></div></body></html>');
  await p.addScriptTag({ path: plotlyPath() });
  return p;
}

function scheduleClose(): void {
  if (insideKernel()) return;
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = setTimeout(() => void closePlots(), Number(process.env.TL_BROWSER_IDLE_MS ?? 500));
}

/** Closes the rendering browser (also done automatically when idle outside notebooks). */
export async function closePlots(): Promise<void> {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
  const b = browser;
  browser = null;
  page = null;
  if (b) await (await b).close().catch(() => undefined);
}

/** Renders a figure to PNG bytes or SVG text with plotly.js' own toImage (labels made readable: labels.ts). */
export async function renderFigure(figure: Figure, format: ImageFormat = 'png', scale = 1): Promise<Buffer | string> {
  if (idleTimer) clearTimeout(idleTimer);
  if (!page) page = openPage();
  let p: Page;
  try {
    p = await page;
  } catch (error) {
    page = null;
    browser = null;
    throw error;
  }
  const width = figure.layout?.width ?? 720;
  const height = figure.layout?.height ?? 480;
  const url: string = await p.evaluate(
    async ({ fig, format, width, height, scale }) => {
      const Plotly = (globalThis as any).Plotly;
      const div = (globalThis as any).document.getElementById('plot');
      await Plotly.newPlot(div, fig.data, { ...fig.layout, width, height }, { staticPlot: true });
      const out = await Plotly.toImage(div, { format, width, height, scale });
      Plotly.purge(div);
      return out;
    },
    { fig: JSON.parse(JSON.stringify(readableFigure(figure))), format, width, height, scale },
  );
  scheduleClose();
  const comma = url.indexOf(',');
  const head = url.slice(0, comma);
  const body = url.slice(comma + 1);
  if (format === 'png') return Buffer.from(body, 'base64');
  return head.includes('base64') ? Buffer.from(body, 'base64').toString('utf8') : decodeURIComponent(body);
}
