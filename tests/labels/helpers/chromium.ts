// Headless Chromium through playwright-core with the system browser, to rasterise SVG as a browser
// (and so an office printer driver) would. One page is reused: creating a page costs ~3 s here.
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
];
/** Device pixels per CSS pixel for screenshots: 4 × 96 dpi ≈ 15 px/mm. */
export const SCALE = 4;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

export function newShotPage(browser: Browser): Promise<Page> {
  return browser.newPage({ deviceScaleFactor: SCALE, viewport: { width: 800, height: 600 } });
}

/** Pixels per millimetre of a screenshot. */
export const PX_PER_MM = (96 / 25.4) * SCALE;

/** Screenshot of an SVG document (sized in mm) placed at the page's top-left corner. */
export async function screenshotSvg(
  page: Page,
  svg: string,
  widthMm: number,
  heightMm: number,
): Promise<Buffer> {
  await page.setContent(`<!doctype html><html><body style="margin:0;background:#fff">${svg}</body></html>`);
  const mmToCss = 96 / 25.4;
  return page.screenshot({ clip: { x: 0, y: 0, width: widthMm * mmToCss, height: heightMm * mmToCss } });
}
