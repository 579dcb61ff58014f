import { mkdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPipeline, type Pipeline } from '../../index.ts'
import type { PluginDefinition } from '../../core/plugin.ts'
import randomuser from '../source-randomuser/index.ts'
import voting from '../voting/index.ts'
import windowPlugin from '../window/index.ts'
import { turnoutByAgeBand, turnoutByGender, turnoutByState, votesPerCandidate, votesPerParty } from '../window/presets.ts'
import { hasChromium, launchChromium, offlineContext } from './chromium.ts'
import dashboard from './index.ts'

const SHOTS = fileURLToPath(new URL('../../test-results/dashboard/', import.meta.url))

/** Waits on a condition in the page, generously: the pipeline shares this process's CPU. */
const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 15_000, interval: 100 })

const number = (text: string | null) => Number((text ?? '').replace(/[^0-9.]/g, ''))

describe.skipIf(!hasChromium)('dashboard in headless Chromium (needs Debian chromium at /usr/bin/chromium)', () => {
  let pipeline: Pipeline
  let browser: Browser
  let page: Page
  let url = ''
  const problems: string[] = []

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true })
    const aggregate = (preset: object) => ({ use: 'window', from: 'votes', with: { ...preset } as Record<string, unknown> })
    pipeline = createPipeline(
      {
        name: 'dashboard-browser',
        nodes: {
          candidates: { use: 'randomuser', with: { role: 'candidate', seed: 7 } },
          voters: { use: 'randomuser', with: { count: 40_000, seed: 42, ratePerSec: 500, batchSize: 50 } },
          votes: { use: 'voting', from: { candidates: 'candidates', voters: 'voters' }, with: { seed: 42, ratePerSec: 0, turnout: 0.7 } },
          by_candidate: aggregate(votesPerCandidate),
          by_state: aggregate(turnoutByState),
          by_gender: aggregate(turnoutByGender),
          by_age_band: aggregate(turnoutByAgeBand),
          by_party: aggregate(votesPerParty),
          ui: {
            use: 'dashboard',
            from: { candidates: 'candidates', voters: 'voters', votes: 'votes', by_candidate: 'by_candidate', by_state: 'by_state', by_gender: 'by_gender', by_age_band: 'by_age_band', by_party: 'by_party' },
            with: { port: 0, title: 'Live election results' },
          },
        },
      },
      {
        registry: [randomuser, voting, windowPlugin, dashboard] as PluginDefinition[],
        // The dashboard logs where it listens (port 0: any free one).
        log: { info: (m) => void (url = /on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(m)?.[1] ?? url), warn: (m) => problems.push(m), error: (m) => problems.push(m) },
      },
    )
    await pipeline.start()
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/)
    browser = await launchChromium()
    // Offline, as the default run is: the remote candidate photos fail and avatars must show instead.
    page = await (await offlineContext(browser)).newPage()
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
    page.on('console', (m) => {
      if (m.type() === 'error' && !/Failed to load resource: net::ERR_FAILED/.test(m.text())) problems.push(`console: ${m.text()}`)
    })
  })

  afterAll(async () => {
    await browser?.close()
    await pipeline?.stop()
  })

  it('loads complete, goes live, and the counts and the chart change without a reload', async () => {
    await page.goto(url)
    await page.waitForSelector('#live[data-state="live"]')
    const votes = page.locator('[data-kpi="votes"]')
    const before = number(await votes.textContent())
    const series = () => page.locator('#timeseries').evaluate((el) => JSON.parse(el.textContent ?? '{}').series.flatMap((s: { values: number[] }) => s.values).reduce((a: number, b: number) => a + b, 0) as number)
    const pointsBefore = await series()
    await page.waitForFunction((n) => Number(document.querySelector('[data-kpi="votes"]')!.textContent!.replace(/\D/g, '')) > n + 200, before)
    await poll(series).toBeGreaterThan(pointsBefore)
    await poll(() => page.locator('#ts-chart canvas').count()).toBeGreaterThan(0)
    expect(await page.locator('#ts-chart .u-legend .u-series').count()).toBe(4)
    expect(number(await page.locator('[data-kpi="candidates"]').textContent())).toBe(3)
    expect(await page.locator('.donut-segment').count()).toBe(3)
    expect(await page.locator('#leader .leader-name').textContent()).not.toBe('No votes yet')
    await page.screenshot({ path: `${SHOTS}live.png`, fullPage: true })
  })

  it('shows generated avatars where the remote photos cannot load', async () => {
    // Read in one evaluation: a push may replace the element between a locator's lookup and its use.
    const layers = () => page.evaluate(() => getComputedStyle(document.querySelector('#leader .photo')!).backgroundImage)
    await poll(layers).toMatch(/^url\("http:\/\/127\.0\.0\.1:\d+\/avatar\/[^"]+\.svg"\)$/)
    await page.waitForTimeout(600)
    const pushed = await page.evaluate(() => [...document.querySelectorAll('#candidates .photo')].map((el) => getComputedStyle(el).backgroundImage))
    expect(pushed).toHaveLength(3)
    for (const layer of pushed) expect(layer).not.toContain('randomuser')
    const now = await layers()
    const avatar = await page.evaluate(async (src) => (await fetch(src)).headers.get('content-type'), /url\("([^"]+)"\)/.exec(now)![1]!)
    expect(avatar).toBe('image/svg+xml; charset=utf-8')
  })

  it('pages through turnout by state to the last page, changes page size, sorts and filters', async () => {
    const states = page.locator('#states')
    const info = () => states.locator('.pager-info').textContent()
    await page.waitForFunction(() => /of (\d+)/.exec(document.querySelector('#states .pager-info')?.textContent ?? '')?.[1] !== undefined)
    const total = number(/of ([\d,]+)/.exec((await info()) ?? '')?.[1] ?? '0')
    expect(total).toBeGreaterThan(20)
    const pages = Math.ceil(total / 10)
    await states.locator('a[aria-label="Last page"]').click()
    await poll(() => page.locator('#states [aria-current="page"]').textContent()).toBe(String(pages))
    expect(await page.locator('#states tbody tr').count()).toBe(total - (pages - 1) * 10)
    expect(await info()).toContain(`Rows ${(pages - 1) * 10 + 1}–${total} of ${total}`)
    await page.locator('#states a[aria-label="Previous page"]').click()
    await poll(() => page.locator('#states [aria-current="page"]').textContent()).toBe(String(pages - 1))
    await page.screenshot({ path: `${SHOTS}states-paged.png`, clip: (await page.locator('#turnout').boundingBox())! })

    await page.locator('#states select[name="size"]').selectOption('25')
    await poll(() => page.locator('#states tbody tr').count()).toBe(25)
    expect(await info()).toContain('Rows 1–25')

    await page.locator('#states th a[data-sort="state"]').click()
    await poll(() => page.locator('#states th[aria-sort="ascending"] a').getAttribute('data-sort')).toBe('state')
    const names = await page.locator('#states tbody tr td:first-child').allTextContents()
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)))
    await page.locator('#states th a[data-sort="state"]').click()
    await poll(() => page.locator('#states th[aria-sort="descending"] a').getAttribute('data-sort')).toBe('state')
    const reversed = await page.locator('#states tbody tr td:first-child').allTextContents()
    expect(reversed).toEqual([...reversed].sort((a, b) => b.localeCompare(a)))

    await page.locator('#states th a[data-sort="votes"]').click()
    await poll(() => page.locator('#states th[aria-sort="descending"] a').getAttribute('data-sort')).toBe('votes')
    const counts = (await page.locator('#states tbody tr td:nth-child(2)').allTextContents()).map(number)
    expect(counts).toEqual([...counts].sort((a, b) => b - a))

    await page.locator('#states-q').fill('york')
    await poll(() => page.locator('#states tbody tr').count()).toBe(3)
    expect((await page.locator('#states tbody tr td:first-child').allTextContents()).sort()).toEqual(['North Yorkshire', 'South Yorkshire', 'West Yorkshire'])
  })

  it('keeps each viewer\'s filter and sort while the table refreshes live', async () => {
    const cells = () => page.locator('#states tbody tr td:nth-child(2)').allTextContents()
    await page.locator('#states-q').evaluate((el) => Object.assign(el, { marked: true }))
    const before = (await cells()).map(number).reduce((a, b) => a + b, 0)
    await page.waitForFunction((n) => [...document.querySelectorAll('#states tbody tr td:nth-child(2)')].map((td) => Number(td.textContent!.replace(/\D/g, ''))).reduce((a, b) => a + b, 0) > n, before, { timeout: 20_000 })
    expect(await page.locator('#states-q').inputValue()).toBe('york')
    expect(await page.locator('#states-q').evaluate((el) => (el as HTMLInputElement & { marked?: boolean }).marked)).toBe(true)
    expect(await page.locator('#states tbody tr').count()).toBe(3)
    expect(await page.locator('#states th[aria-sort="descending"] a').getAttribute('data-sort')).toBe('votes')
    await page.locator('#states-q').fill('')
    await poll(() => page.locator('#states tbody tr').count()).toBe(25)
  })

  it('still shows current numbers with JavaScript off', async () => {
    const context = await offlineContext(browser, { javaScriptEnabled: false })
    const plain = await context.newPage()
    await plain.goto(`${url}?sort=state&size=25&page=2`)
    expect(number(await plain.locator('[data-kpi="votes"]').textContent())).toBeGreaterThan(0)
    expect(await plain.locator('#states [aria-current="page"]').textContent()).toBe('2')
    await plain.locator('#states a[aria-label="Next page"]').click()
    await plain.waitForURL(/page=3/)
    expect(await plain.locator('#states [aria-current="page"]').textContent()).toBe('3')
    await plain.screenshot({ path: `${SHOTS}no-javascript.png`, fullPage: true })
    await context.close()
  })

  it('fits a phone screen', async () => {
    const context = await offlineContext(browser, { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 })
    const phone = await context.newPage()
    await phone.goto(url)
    await phone.waitForSelector('#live[data-state="live"]')
    await phone.waitForSelector('#ts-chart canvas')
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await phone.screenshot({ path: `${SHOTS}phone.png`, fullPage: true })
    await context.close()
  })

  it('takes the README screenshot, with no page errors along the way', async () => {
    await page.goto(url)
    await page.waitForSelector('#live[data-state="live"]')
    await page.waitForSelector('#ts-chart canvas')
    await page.waitForTimeout(1500)
    await page.screenshot({ path: `${SHOTS}dashboard.png`, fullPage: true })
    expect(problems).toEqual([])
  })
})
