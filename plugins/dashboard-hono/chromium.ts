/** @module Test helper: Debian's headless Chromium through playwright-core, offline (only 127.0.0.1 is reachable), as the browser tests use it. */
import { existsSync } from 'node:fs'
import { chromium, type Browser, type BrowserContext } from 'playwright-core'

export const CHROMIUM = '/usr/bin/chromium'
export const hasChromium = existsSync(CHROMIUM)

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
}

/** A context whose requests to anything but 127.0.0.1 fail at once, as they do in the offline default (remote photos included). */
export async function offlineContext(browser: Browser, options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, ...options })
  await context.route((url) => url.hostname !== '127.0.0.1', (route) => route.abort())
  return context
}
