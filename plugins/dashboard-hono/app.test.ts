import { beforeAll, describe, expect, it } from 'vitest'
import { createManualClock } from '../../core/clock.ts'
import type { PipelineMetrics } from '../../core/metrics.ts'
import { emptyNodeMetrics } from '../../core/metrics.ts'
import { createApp, type Asset } from './app.ts'
import { loadAssets } from './assets.ts'
import { createDashboard, type Dashboard } from './dashboard.ts'
import { FRAGMENTS } from './fragments/all.ts'
import { CANDIDATES, createRandom, STATES, vote, voter } from './test-events.ts'

const START = Date.UTC(2026, 0, 1, 9)
let assets: Map<string, Asset>
beforeAll(async () => {
  assets = await loadAssets()
})

function setup(options: { token?: string; metrics?: PipelineMetrics } = {}) {
  const clock = createManualClock(START)
  const dashboard = createDashboard({
    title: 'Election night',
    clock,
    metrics: () => options.metrics ?? { pipeline: 'p', startedAt: START, now: clock.now(), nodes: [] },
    pushIntervalMs: 250,
    heartbeatMs: 15_000,
  })
  return { clock, dashboard, app: createApp(dashboard, { assets, token: options.token }) }
}

async function get(app: ReturnType<typeof createApp>, path: string, init?: RequestInit) {
  const res = await app.request(path, init)
  return { status: res.status, headers: res.headers, text: await res.text() }
}

function feed(dashboard: Dashboard, votes: number) {
  const random = createRandom(9)
  dashboard.write('candidates', CANDIDATES)
  dashboard.write('voters', Array.from({ length: votes * 2 }, (_, i) => voter(i)))
  dashboard.write('votes', Array.from({ length: votes }, (_, i) => vote(i, START + i * 100, random)))
}

/** The text of the element with this id, tags stripped and whitespace collapsed. */
function textOf(html: string, id: string): string {
  const start = html.indexOf(`id="${id}"`)
  return html.slice(start, html.indexOf('</section>', start)).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim()
}

describe('dashboard app', () => {
  it('serves a complete page before any event: every panel present, nothing pending', async () => {
    const { app } = setup()
    const page = await get(app, '/')
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toMatch(/text\/html/)
    for (const name of Object.keys(FRAGMENTS).filter((n) => n !== 'states')) expect(page.text).toContain(`sse-swap="${name}"`)
    expect(page.text).toContain('id="states"')
    expect(page.text).toContain('Waiting for the first event')
    expect(page.text).toContain('No votes yet')
    expect(page.text).toContain('No votes by state yet.')
    expect(page.text).toContain('<title>Election night</title>')
  })

  it('shows the current numbers in the first HTML, readable without JavaScript', async () => {
    const { app, dashboard } = setup()
    feed(dashboard, 1000)
    const page = await get(app, '/')
    expect(textOf(page.text, 'stats')).toMatch(/Total voters 2,000 Candidates 3 Votes cast 1,000 Turnout 50\.0%/)
    expect(page.text).toMatch(/Last updated <time datetime="2026-01-01T09:00:00.000Z">2026-01-01 09:00:00 UTC<\/time>/)
    const leader = dashboard.view().candidates[0]!
    expect(textOf(page.text, 'leader')).toContain(leader.name)
    expect(page.text).toContain('Rows 1–10 of 70')
  })

  it('serves every live fragment on its own', async () => {
    const { app, dashboard } = setup()
    feed(dashboard, 200)
    const expected: Record<string, RegExp> = {
      updated: /Last updated/,
      stats: /Votes cast<\/span><span class="kpi-value" data-kpi="votes">200</,
      leader: /Leads .* by <strong>\d+<\/strong> votes/,
      bars: /class="bars".*Eleanor Hughes/s,
      donut: /<svg class="donut".*<circle class="donut-segment"/s,
      candidates: /<table class="table candidates">.*Marcus Bennett.*Savior Party/s,
      timeseries: /^\{&quot;bucketMs&quot;:1000,&quot;x0&quot;:1767258000,&quot;series&quot;:\[/,
      breakdowns: /By gender.*By age band.*By party/s,
      health: /No engine metrics/,
      states: /<div id="states"/,
    }
    for (const [name, pattern] of Object.entries(expected)) {
      const res = await get(app, `/fragments/${name}`)
      expect(res.status, name).toBe(200)
      expect(res.text, name).toMatch(pattern)
    }
    expect((await get(app, '/fragments/nope')).status).toBe(404)
  })

  it('gives the time series as JSON text the page reads back through textContent', async () => {
    const { app, dashboard } = setup()
    feed(dashboard, 50)
    const json = JSON.parse((await get(app, '/fragments/timeseries')).text.replaceAll('&quot;', '"'))
    expect(json.x0).toBe(START / 1000)
    for (const s of json.series) expect(s.values).toHaveLength(5)
    expect(json.series.map((s: { id: string }) => s.id)).toEqual(['c-1', 'c-2', 'c-3'])
    expect(json.series.flatMap((s: { values: number[] }) => s.values).reduce((a: number, b: number) => a + b, 0)).toBe(50)
  })

  it('renders a candidate named <script> as text everywhere', async () => {
    const { app, dashboard } = setup()
    const evil = { candidate_id: '"><img src=x onerror=alert(1)>', candidate_name: '<script>alert(1)</script>', party_affiliation: '<b>Party</b>', photo_url: 'javascript:alert(1)' }
    dashboard.write('candidates', [evil])
    dashboard.write('votes', [{ ...evil, voter_id: 'v', voting_time: '2026-01-01 09:00:00', address: { state: '<i>State</i>' }, gender: '<u>g</u>' }])
    const page = (await get(app, '/')).text
    expect(page).not.toContain('<script>alert(1)</script>')
    expect(page).not.toContain('<b>Party</b>')
    expect(page).not.toContain('<i>State</i>')
    expect(page).not.toContain('<img src=x')
    expect(page).not.toContain('javascript:')
    expect(page).toContain(`style="background-image:url(&#39;/avatar/%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E.svg&#39;)"`)
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    for (const name of Object.keys(FRAGMENTS)) expect((await get(app, `/fragments/${name}`)).text, name).not.toMatch(/<script>|<b>Party|<i>State|<u>g/)
    const avatar = await get(app, `/avatar/${encodeURIComponent(evil.candidate_id)}.svg`)
    expect(avatar.text).not.toContain('<img')
    expect(avatar.text).toContain('aria-label="&lt;script&gt;alert(1)&lt;/script&gt;"')
  })

  it('pages, sorts and filters turnout by state through query parameters', async () => {
    const { app, dashboard } = setup()
    dashboard.write('by_state', STATES.map((state, i) => ({ state, count: 1000 - i })))
    const last = await get(app, '/fragments/states?size=25&page=3')
    expect(last.text).toContain('Rows 51–70 of 70')
    expect(last.text).toContain('aria-current="page">3<')
    expect(last.text).toMatch(/<span class="disabled" aria-hidden="true">›<\/span>/)
    const beyond = await get(app, '/fragments/states?size=50&page=3')
    expect(beyond.text).toContain('Rows 51–70 of 70')
    const page1 = await get(app, '/fragments/states')
    expect(page1.text).toMatch(/href="\/\?page=7#turnout"[^>]*aria-label="Last page"/)
    expect(page1.text).toMatch(/<select name="size"[^>]*>.*<option value="10" selected>/s)
    const byName = await get(app, '/fragments/states?sort=state&dir=desc')
    expect(byName.text.indexOf('Worcestershire')).toBeLessThan(byName.text.indexOf('Wiltshire'))
    expect(byName.text).toMatch(/aria-sort="descending"><a href="\/\?sort=state#turnout"/)
    const filtered = await get(app, '/fragments/states?q=county')
    expect(filtered.text).toContain('Rows 1–7 of 7 (filtered from 70)')
    expect(filtered.text).not.toContain('Kent')
    expect(filtered.text).toContain('value="county"')
    const full = await get(app, '/?sort=votes&dir=asc&size=10&page=7')
    expect(full.text).toContain('<td>Avon</td>')
  })

  it('holds the viewer\'s query in the table\'s inputs and links, for the live refresh and for clicks', async () => {
    const { app, dashboard } = setup()
    dashboard.write('by_state', STATES.map((state, i) => ({ state, count: i })))
    const res = await get(app, '/fragments/states?sort=state&page=2&size=25&q=e')
    for (const input of ['name="page" value="2"', 'name="sort" value="state"', 'name="dir" value="asc"', 'name="q" value="e"', '<option value="25" selected>']) expect(res.text).toContain(input)
    expect(res.text).toMatch(/hx-get="\/fragments\/states\?sort=state&amp;page=3&amp;size=25"/)
    expect(res.text).toContain('hx-include="#states-q"')
    expect((await get(app, '/')).text).toMatch(/<div id="states-live" hidden hx-get="\/fragments\/states" hx-trigger="sse:states throttle:1s" hx-include="#states"/)
  })

  it('shows pipeline health per node from the engine metrics', async () => {
    const node = { ...emptyNodeMetrics('votes', 'voting', 'transform'), state: 'running' as const, eventsIn: 1200, ratePerSec: 512.3, dead: 2, late: 5, custom: { lag_p0: 3, lag_p1: 4, other: 9 } }
    const { app } = setup({ metrics: { pipeline: 'p', startedAt: 0, now: 0, nodes: [node] } })
    const text = (await get(app, '/fragments/health')).text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')
    expect(text).toContain('votes transform voting running 512 1,200 0 0 7 5 2 0')
  })

  it('serves avatars with initials in the party colour, and a neutral one for unknown ids', async () => {
    const { app, dashboard } = setup()
    dashboard.write('candidates', CANDIDATES)
    const avatar = await get(app, '/avatar/c-2.svg')
    expect(avatar.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8')
    expect(avatar.text).toContain('>MB</text>')
    expect(avatar.text).toContain(dashboard.view().candidates.find((c) => c.id === 'c-2')!.color)
    expect((await get(app, '/avatar/unknown.svg')).text).toContain('>?</text>')
    expect((await get(app, '/avatar/c-2.png')).status).toBe(404)
  })

  it('serves htmx, its SSE extension, uPlot and its own files from installed packages', async () => {
    const { app } = setup()
    const page = (await get(app, '/')).text
    const files = [...page.matchAll(/(?:src|href)="\/assets\/([^"]+)"/g)].map((m) => m[1]!)
    expect(files.sort()).toEqual(['dashboard.css', 'dashboard.js', 'favicon.svg', 'htmx.min.js', 'sse.js', 'uPlot.iife.min.js', 'uPlot.min.css'])
    for (const file of files) expect((await app.request(`/assets/${file}`)).status, file).toBe(200)
    expect((await get(app, '/assets/htmx.min.js')).text).toContain('htmx')
    expect(page).not.toMatch(/https?:\/\/(?!www\.w3\.org)/)
    expect((await app.request('/assets/../index.ts')).status).toBe(404)
  })

  it('only reads: other methods find nothing, and every response carries a strict policy', async () => {
    const { app } = setup()
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) expect((await app.request('/', { method })).status).toBe(404)
    const res = await app.request('/')
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
  })

  it('asks for the read token when one is set, from the query, a bearer header or the cookie', async () => {
    const { app } = setup({ token: 'secret-token' })
    const denied = await get(app, '/')
    expect(denied.status).toBe(401)
    expect(denied.text).toContain('?token=')
    expect((await app.request('/?token=wrong-token')).status).toBe(401)
    const first = await app.request('/?token=secret-token')
    expect(first.status).toBe(200)
    const cookie = first.headers.get('set-cookie')!
    expect(cookie).toMatch(/HttpOnly/)
    expect((await app.request('/fragments/stats', { headers: { cookie: cookie.split(';')[0]! } })).status).toBe(200)
    expect((await app.request('/events', { headers: { authorization: 'Bearer secret-token' } })).status).toBe(200)
  })

  it('starts every event stream with the current fragments and a reconnect delay', async () => {
    const { app, dashboard } = setup()
    feed(dashboard, 10)
    const res = await app.request('/events')
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
    const reader = res.body!.getReader()
    const first = new TextDecoder().decode((await reader.read()).value)
    await reader.cancel()
    expect(first).toMatch(/^retry: 2000\n\nid: \d+\n/)
    for (const name of Object.keys(FRAGMENTS)) expect(first).toContain(`event: ${name}\n`)
    expect(first).toContain('data-kpi="votes">10<')
    expect(dashboard.hub.size).toBe(0)
  })
})
