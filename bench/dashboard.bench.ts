/** @module Dashboard: SSE fan-out to 1,000 live viewers on one process (loopback), how stale their updates are, and the cost of writes and renders. */
import { Worker } from 'node:worker_threads'
import { createManualClock, systemClock } from '../core/clock.ts'
import type { SinkInstance } from '../core/plugin.ts'
import { createTestContext } from '../core/testing/test-context.ts'
import { createDashboard } from '../plugins/dashboard-hono/dashboard.ts'
import plugin from '../plugins/dashboard-hono/index.ts'
import { CANDIDATES, createRandom, STATES, vote, voter } from '../plugins/dashboard-hono/test-events.ts'
import type { BenchResult } from './result.ts'

const VIEWERS = 1000
const MEASURE_MS = 10_000
const PUSH_INTERVAL_MS = 250
/** A vote batch every 20 ms: 5,000 votes/s, so every push carries changes. */
const WRITE_EVERY_MS = 20
const VOTES_PER_WRITE = 100

/**
 * The viewers, in a worker thread so their parsing does not run on the server's event loop. Each
 * keeps, per received `updated` event, the data time it shows (`datetime`, the server's time of
 * the last write included) and when it arrived.
 */
const VIEWER_CODE = `
const http = require('node:http')
const { parentPort, workerData } = require('node:worker_threads')
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity })
const seen = []
const requests = []
let open = 0
for (let v = 0; v < workerData.viewers; v++) {
  const pairs = []
  seen.push(pairs)
  const req = http.get(workerData.url, { agent }, (res) => {
    open++
    if (open === workerData.viewers) parentPort.postMessage({ type: 'connected' })
    res.setEncoding('utf8')
    let buffer = ''
    res.on('data', (chunk) => {
      const at = performance.timeOrigin + performance.now()
      buffer += chunk
      let end
      while ((end = buffer.indexOf('\\n\\n')) >= 0) {
        const block = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        if (!block.includes('event: updated')) continue
        const m = /datetime="([^"]+)"/.exec(block)
        if (m) pairs.push(Date.parse(m[1]), at)
      }
    })
  })
  req.on('error', (e) => parentPort.postMessage({ type: 'error', message: String(e) }))
  requests.push(req)
}
parentPort.on('message', () => {
  for (const req of requests) req.destroy()
  parentPort.postMessage({ type: 'done', seen: seen.map((p) => Float64Array.from(p)) })
})
`

export async function run(): Promise<BenchResult[]> {
  return [...(await fanOut()), ...writeThroughput(), ...renderCost()]
}

async function fanOut(): Promise<BenchResult[]> {
  const ctx = createTestContext({ clock: systemClock })
  const instance = plugin.create(ctx, { host: '127.0.0.1', port: 0, title: 'bench', pushIntervalMs: PUSH_INTERVAL_MS, heartbeatMs: 15_000 }) as SinkInstance & { url: string }
  await instance.start!()
  const emit = () => {}
  instance.write(CANDIDATES, { role: 'candidates', from: 'bench' }, emit)
  instance.write(Array.from({ length: 20_000 }, (_, i) => voter(i)), { role: 'voters', from: 'bench' }, emit)
  const random = createRandom(1)
  let n = 0
  const writes: number[] = []
  const writeBatch = () => {
    const now = Date.now()
    instance.write(Array.from({ length: VOTES_PER_WRITE }, () => vote(n++, now, random)), { role: 'votes', from: 'bench' }, emit)
    writes.push(now)
  }
  writeBatch()

  const started = performance.now()
  const worker = new Worker(VIEWER_CODE, { eval: true, workerData: { url: `${instance.url}/events`, viewers: VIEWERS } })
  const next = (type: string) =>
    new Promise<{ type: string; seen?: Float64Array[]; message?: string }>((resolve, reject) => {
      const onMessage = (m: { type: string; message?: string }) => {
        if (m.type === 'error') reject(new Error(`viewer failed: ${m.message}`))
        else if (m.type === type) {
          worker.off('message', onMessage)
          resolve(m)
        }
      }
      worker.on('message', onMessage)
    })
  await next('connected')
  const connectMs = performance.now() - started

  const measureFrom = Date.now()
  const timer = setInterval(writeBatch, WRITE_EVERY_MS)
  await new Promise((resolve) => setTimeout(resolve, MEASURE_MS))
  clearInterval(timer)
  const measureTo = Date.now()
  await new Promise((resolve) => setTimeout(resolve, 2 * PUSH_INTERVAL_MS))
  const done = next('done')
  worker.postMessage('stop')
  const { seen = [] } = await done
  await worker.terminate()
  await instance.stop!()

  const { staleness, missed, updates } = measureStaleness(writes.filter((w) => w >= measureFrom && w <= measureTo), seen)
  const p = (q: number) => staleness[Math.min(staleness.length - 1, Math.floor(q * staleness.length))] ?? Number.NaN
  const notes = `${VIEWERS} EventSource-like clients on 127.0.0.1 in a worker thread; ${(VOTES_PER_WRITE * 1000) / WRITE_EVERY_MS} votes/s written; push interval ${PUSH_INTERVAL_MS} ms`
  return [
    { name: 'dashboard: live SSE viewers on one process', value: seen.length, unit: 'viewers', target: '≥ 1,000', notes: `all connected in ${Math.round(connectMs)} ms` },
    { name: 'dashboard: update staleness p50 (write → viewer has it)', value: round(p(0.5)), unit: 'ms', target: '≤ 1,000', notes },
    { name: 'dashboard: update staleness p99', value: round(p(0.99)), unit: 'ms', target: '≤ 1,000', notes: `max ${round(staleness.at(-1) ?? Number.NaN)} ms; ${missed} writes never seen by a viewer` },
    { name: 'dashboard: updates per viewer', value: round(updates / Math.max(1, seen.length) / (MEASURE_MS / 1000)), unit: '/s', notes: `coalesced from ${1000 / WRITE_EVERY_MS} writes/s` },
  ]
}

/** For every write and viewer: the time from the write until the first update showing data at least that new. */
function measureStaleness(writes: number[], seen: Float64Array[]): { staleness: number[]; missed: number; updates: number } {
  const staleness: number[] = []
  let missed = 0
  let updates = 0
  for (const pairs of seen) {
    updates += pairs.length / 2
    let i = 0
    for (const w of writes) {
      while (i < pairs.length && pairs[i]! < w) i += 2
      if (i >= pairs.length) missed++
      else staleness.push(pairs[i + 1]! - w)
    }
  }
  staleness.sort((a, b) => a - b)
  return { staleness, missed, updates }
}

/** How fast `write` folds votes in (the dashboard must not slow a 100k votes/s pipeline). */
function writeThroughput(): BenchResult[] {
  const dashboard = createDashboard({ title: 'bench', clock: createManualClock(0), metrics: () => ({ pipeline: 'b', startedAt: 0, now: 0, nodes: [] }), pushIntervalMs: 250, heartbeatMs: 15_000 })
  const random = createRandom(2)
  const t0 = Date.UTC(2026, 0, 1)
  const batches = Array.from({ length: 200 }, (_, b) => Array.from({ length: 1000 }, (_, i) => vote(b * 1000 + i, t0 + b * 50 + Math.floor(i / 20), random)))
  dashboard.write('votes', batches[0]!)
  const started = performance.now()
  for (const batch of batches) dashboard.write('votes', batch)
  const seconds = (performance.now() - started) / 1000
  return [{ name: 'dashboard: votes folded in by write()', value: Math.round(200_000 / seconds), unit: 'votes/s', target: '≥ 100,000', notes: 'raw votes: totals, 4 breakdowns and the time series derived in the dashboard' }]
}

/** One push's work: the view, every fragment, the diff and the encoding (done once, whatever the number of viewers). */
function renderCost(): BenchResult[] {
  const clock = createManualClock(0)
  let bytes = 0
  const dashboard = createDashboard({
    title: 'bench',
    clock,
    metrics: () => ({ pipeline: 'b', startedAt: 0, now: 0, nodes: [] }),
    pushIntervalMs: 250,
    heartbeatMs: 15_000,
    onPublish: (_id, size) => void (bytes += size),
  })
  const random = createRandom(3)
  dashboard.write('candidates', CANDIDATES)
  dashboard.write('voters', STATES.map((_, i) => voter(i)))
  for (let b = 0; b < 300; b++) dashboard.write('votes', Array.from({ length: 50 }, (_, i) => vote(b * 50 + i, Date.UTC(2026, 0, 1) + b * 1000, random)))
  dashboard.publisher.publish()
  bytes = 0
  const rounds = 200
  const started = performance.now()
  for (let r = 0; r < rounds; r++) {
    dashboard.write('votes', [vote(100_000 + r, Date.UTC(2026, 0, 1) + 400_000, random)])
    void clock.advance(250)
    dashboard.publisher.publish()
  }
  const ms = (performance.now() - started) / rounds
  return [{ name: 'dashboard: render + encode per push', value: round(ms), unit: 'ms', notes: `3 candidates, 70 states, 300-point series; ${round(bytes / rounds / 1024)} KiB per push (changed fragments only), encoded once for all viewers` }]
}

function round(n: number): number {
  return Math.round(n * 10) / 10
}
