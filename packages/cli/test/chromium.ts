import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's chromium, which CI installs in `.ci/run`. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Whether browser tests can run; when they cannot, they fail under CI and are skipped elsewhere. */
export const chromiumAvailable: boolean = existsSync(CHROMIUM_PATH);

/** `true` when browser tests should be skipped (no chromium and not in CI). Under CI a missing chromium fails. */
export const skipBrowserTests: boolean = !chromiumAvailable && !process.env.CI;

/** Launches headless chromium with flags that keep it offline and quiet. */
export async function launchChromium(): Promise<Browser> {
  if (!chromiumAvailable) {
    throw new Error(`chromium not found at ${CHROMIUM_PATH}: install Debian's chromium (apt-get install chromium)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Counts the pixels of a PNG screenshot that differ from its first pixel, decoding it in the page itself (so no PNG
 * decoder is needed in Node). A blank page gives 0.
 */
export async function countInkPixels(page: import('playwright-core').Page, png: Buffer): Promise<number> {
  return page.evaluate(async (base64) => {
    const image = new Image();
    image.src = `data:image/png;base64,${base64}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.naturalWidth;
    canvas.height = image.naturalHeight;
    const context = canvas.getContext('2d')!;
    context.drawImage(image, 0, 0);
    const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
    let ink = 0;
    for (let i = 0; i < pixels.length; i += 4) {
      if (
        pixels[i] !== pixels[0] ||
        pixels[i + 1] !== pixels[1] ||
        pixels[i + 2] !== pixels[2] ||
        pixels[i + 3] !== pixels[3]
      ) {
        ink++;
      }
    }
    return ink;
  }, png.toString('base64'));
}
