import { mkdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemClock } from '../../core/clock.ts'
import type { Event, SinkInstance } from '../../core/plugin.ts'
import { createTestContext } from '../../core/testing/test-context.ts'
import { hasChromium, launchChromium, offlineContext } from './chromium.ts'
import plugin from './index.ts'
import { CANDIDATES } from './test-events.ts'

const SHOTS = fileURLToPath(new URL('../../test-results/dashboard/', import.meta.url))
const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 15_000, interval: 100 })
const totals = (votes: number[]): Event[] => votes.map((total_votes, i) => ({ ...CANDIDATES[i], total_votes, _window: { start: null, end: null, final: false }, _key: CANDIDATES[i]!.candidate_id }))

function startDashboard(port: number) {
  const instance = plugin.create(createTestContext({ clock: systemClock }), { host: '127.0.0.1', port, title: 'Live election results', pushIntervalMs: 100, heartbeatMs: 15_000 }) as SinkInstance
  const write = (role: string, events: Event[]) => instance.write(events, { role, from: role }, () => {})
  return { instance, write }
}

describe.skipIf(!hasChromium)('dashboard edge cases in headless Chromium (needs Debian chromium at /usr/bin/chromium)', () => {
  let browser: Browser
  let page: Page
  let port: number
  let current: ReturnType<typeof startDashboard>

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true })
    current = startDashboard(0)
    await current.instance.start!()
    port = Number(new URL((current.instance as SinkInstance & { url: string }).url).port)
    browser = await launchChromium()
    page = await (await offlineContext(browser)).newPage()
  })

  afterAll(async () => {
    await browser?.close()
    await current?.instance.stop!()
  })

  it('is complete before any event arrives', async () => {
    await page.goto(`http://127.0.0.1:${port}/`)
    await page.waitForSelector('#live[data-state="live"]')
    expect(await page.locator('#updated').textContent()).toContain('Waiting for the first event')
    expect(await page.locator('[data-kpi="votes"]').textContent()).toBe('0')
    expect(await page.locator('[data-kpi="voters"]').textContent()).toBe('—')
    expect(await page.locator('#leader').textContent()).toContain('No votes yet')
    expect(await page.locator('#ts-chart').getAttribute('data-empty')).toBe('true')
    expect(await page.locator('#states tbody').textContent()).toContain('No votes by state yet.')
    await page.screenshot({ path: `${SHOTS}empty.png`, fullPage: true })
  })

  it('fills in live as candidates and votes arrive, and shows a tie as a tie', async () => {
    current.write('candidates', CANDIDATES)
    await poll(() => page.locator('[data-kpi="candidates"]').textContent()).toBe('3')
    current.write('by_candidate', totals([120, 120, 45]))
    await poll(() => page.locator('#leader .tie-title').textContent()).toBe('Tie: 2 candidates at 120 votes each')
    expect(await page.locator('#leader .tie-list li').count()).toBe(2)
    await page.screenshot({ path: `${SHOTS}tie.png`, clip: (await page.locator('.leader-card').boundingBox())! })
    current.write('by_candidate', totals([121, 120, 45]))
    await poll(() => page.locator('#leader .leader-margin').textContent()).toBe('Leads Marcus Bennett by 1 vote (0.3 pts)')
  })

  it('catches up with the current numbers after the server restarts, without a reload', async () => {
    await current.instance.stop!()
    await poll(() => page.locator('#live').getAttribute('data-state')).toBe('connecting')
    current = startDashboard(port)
    await current.instance.start!()
    current.write('candidates', CANDIDATES)
    current.write('by_candidate', totals([700, 200, 100]))
    await poll(() => page.locator('[data-kpi="votes"]').textContent()).toBe('1,000')
    await poll(() => page.locator('#live').getAttribute('data-state')).toBe('live')
    expect(await page.locator('#leader .leader-name').textContent()).toBe('Eleanor Hughes')
  })
})
