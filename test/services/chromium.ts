/** @module Finds the Chromium the browser tests drive (Debian's package), installing it with apt when running as root on a machine without it. */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** The flags this machine needs: no sandbox as root, and no background calls to the closed network. */
export const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic']

export function ensureChromium(): void {
  if (existsSync(chromiumPath)) return
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
    throw new Error(`Chromium not found at ${chromiumPath}: install Debian's \`chromium\` package or set CHROMIUM_PATH (never \`npx playwright install\`)`)
  }
  process.stderr.write('installing Debian chromium for the browser tests (first run only)…\n')
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' })
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
}
