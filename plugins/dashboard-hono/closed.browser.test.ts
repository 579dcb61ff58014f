import { mkdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPipeline, type Pipeline } from '../../index.ts'
import type { RunComplete } from '../../core/engine/engine.ts'
import type { PluginDefinition } from '../../core/plugin.ts'
import randomuser from '../source-randomuser/index.ts'
import voting from '../voting/index.ts'
import windowPlugin from '../window/index.ts'
import { turnoutByState, votesPerCandidate } from '../window/presets.ts'
import { hasChromium, launchChromium, offlineContext } from './chromium.ts'
import dashboard from './index.ts'

const SHOTS = fileURLToPath(new URL('../../test-results/dashboard/', import.meta.url))
const number = (text: string | null) => Number((text ?? '').replace(/[^0-9.]/g, ''))

describe.skipIf(!hasChromium)('a closed election in headless Chromium (needs Debian chromium at /usr/bin/chromium)', () => {
  let pipeline: Pipeline
  let browser: Browser
  let url = ''
  let complete: (c: RunComplete) => void = () => undefined
  const completed = new Promise<RunComplete>((resolve) => (complete = resolve))

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true })
    pipeline = createPipeline(
      {
        name: 'dashboard-closed',
        nodes: {
          candidates: { use: 'randomuser', with: { role: 'candidate', seed: 7 } },
          voters: { use: 'randomuser', with: { count: 6000, seed: 42, ratePerSec: 1500, batchSize: 100 } },
          votes: { use: 'voting', from: { candidates: 'candidates', voters: 'voters' }, with: { seed: 42, ratePerSec: 0, turnout: 0.8 } },
          by_candidate: { use: 'window', from: 'votes', with: { ...votesPerCandidate } },
          by_state: { use: 'window', from: 'votes', with: { ...turnoutByState } },
          ui: { use: 'dashboard', from: { candidates: 'candidates', voters: 'voters', votes: 'votes', by_candidate: 'by_candidate', by_state: 'by_state' }, with: { port: 0, pushIntervalMs: 100 } },
        },
      },
      {
        registry: [randomuser, voting, windowPlugin, dashboard] as PluginDefinition[],
        keepServing: true,
        onComplete: complete,
        log: { info: (m) => void (url = /on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(m)?.[1] ?? url), warn: () => undefined, error: () => undefined },
      },
    )
    await pipeline.start()
    browser = await launchChromium()
  })

  afterAll(async () => {
    await browser?.close()
    await pipeline?.stop()
  })

  it('turns a live page into the final result when the election closes, and keeps serving it', async () => {
    const page = await (await offlineContext(browser)).newPage()
    await page.goto(url)
    await page.waitForSelector('#live[data-state="live"]')
    expect(await page.locator('[data-closed]').count()).toBe(0)
    expect((await completed).held).toBe(true)
    // Pushed to the open page, no reload.
    await page.waitForSelector('#updated [data-closed="true"]', { timeout: 15_000 })
    const cast = pipeline.metrics().nodes.find((n) => n.id === 'votes')!.eventsOut
    await expect.poll(async () => number(await page.locator('[data-kpi="votes"]').textContent())).toBe(cast)
    expect(await page.locator('#updated').textContent()).toContain('Election closed')
    expect(await page.locator('#leader .leader-result').textContent()).toBe('Winner')
    expect(await page.locator('#leader .leader-margin').textContent()).toMatch(/^Won over /)
    await page.screenshot({ path: `${SHOTS}closed.png`, fullPage: true })

    // Still there for a viewer who comes later.
    const later = await (await offlineContext(browser)).newPage()
    await later.goto(url)
    expect(await later.locator('#updated').textContent()).toContain('Election closed')
    expect(number(await later.locator('[data-kpi="votes"]').textContent())).toBe(cast)
  })
})
