import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Value } from '@sinclair/typebox/value'
import { afterEach, describe, expect, it } from 'vitest'
import { createManualClock, systemClock, type Clock } from '../../core/clock.ts'
import type { Event, SourceBatch } from '../../core/plugin.ts'
import { createTestContext, type TestContext } from '../../core/testing/test-context.ts'
import plugin from './index.ts'
import { createRecordFactory } from './record-factory.ts'
import { DEFAULT_PARTIES, toVoter } from './roles.ts'
import type { RandomUser } from './random-user.ts'

type Handler = (request: { page: number; results: number; seed: string; nat: string }, res: ServerResponse, req: IncomingMessage) => void

/** Users page P of `seed` as the real API would: generated records (P-1)*results … P*results-1. */
function page(seed: string, pageNumber: number, results: number): RandomUser[] {
  const make = createRecordFactory({ role: 'raw', seed, nowMs: Date.UTC(2025, 0, 1), parties: DEFAULT_PARTIES })
  return Array.from({ length: results }, (_, i) => make((pageNumber - 1) * results + i) as RandomUser)
}

function envelope(seed: string, pageNumber: number, results: unknown[]) {
  return JSON.stringify({ results, info: { seed, results: results.length, page: pageNumber, version: '1.4' } })
}

const serveReal: Handler = (q, res) => {
  res.setHeader('content-type', 'application/json')
  res.end(envelope(q.seed, q.page, page(q.seed, q.page, q.results)))
}

const servers: { close(): void }[] = []
afterEach(() => {
  for (const server of servers.splice(0)) server.close()
})

async function startApi(handler: Handler) {
  const requests: { page: number; results: number; seed: string; nat: string }[] = []
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const q = { page: Number(url.searchParams.get('page')), results: Number(url.searchParams.get('results')), seed: url.searchParams.get('seed') ?? '', nat: url.searchParams.get('nat') ?? '' }
    requests.push(q)
    handler(q, res, req)
  })
  servers.push({
    close() {
      server.closeAllConnections()
      server.close()
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`, requests }
}

interface ReadResult {
  batches: SourceBatch[]
  ctx: TestContext
}

async function read(options: Record<string, unknown>, from?: number, clock: Clock = systemClock, signal = new AbortController().signal): Promise<ReadResult> {
  const ctx = createTestContext({ clock, nodeId: 'voters' })
  const config = Value.Default(plugin.config, { mode: 'http', backoffMs: 1, seed: 'abc', ...options }) as never
  const batches: SourceBatch[] = []
  for await (const batch of plugin.create(ctx, config).read(from, signal)) batches.push(batch)
  return { batches, ctx }
}

const events = (batches: SourceBatch[]): Event[] => batches.flatMap((b) => b.events)

describe('randomuser source, HTTP mode against a loopback API', () => {
  it('pages through the API with nat, results, seed and page, positioning each batch', async () => {
    const api = await startApi(serveReal)
    const { batches } = await read({ url: api.url, count: 7, pageSize: 3, batchSize: 2 })
    expect(api.requests).toEqual([1, 2, 3].map((p) => ({ page: p, results: 3, seed: 'abc', nat: 'gb' })))
    expect(batches.map((b) => b.position)).toEqual([2, 3, 5, 6, 7])
    const expected = [...page('abc', 1, 3), ...page('abc', 2, 3), ...page('abc', 3, 3)].slice(0, 7).map(toVoter)
    expect(events(batches)).toEqual(expected)
  })

  it('resumes mid-page from a committed position', async () => {
    const api = await startApi(serveReal)
    const { batches } = await read({ url: api.url, count: 7, pageSize: 3 }, 4)
    expect(api.requests.map((r) => r.page)).toEqual([2, 3])
    expect(events(batches)).toEqual([...page('abc', 2, 3).slice(1), ...page('abc', 3, 3).slice(0, 1)].map(toVoter))
  })

  it('passes raw records through untouched', async () => {
    const api = await startApi(serveReal)
    const { batches } = await read({ url: api.url, role: 'raw', count: 2, pageSize: 2 })
    expect(events(batches)).toEqual(page('abc', 1, 2))
  })

  it('retries a 429 after the Retry-After the API asks for, then succeeds', async () => {
    const clock = createManualClock(0)
    const seenAt: number[] = []
    const api = await startApi((q, res, req) => {
      seenAt.push(clock.now())
      if (seenAt.length === 1) {
        res.writeHead(429, { 'retry-after': '2' }).end('slow down')
        return
      }
      serveReal(q, res, req)
    })
    let result: ReadResult | undefined
    const done = read({ url: api.url, count: 2, pageSize: 2, backoffMs: 100, timeoutMs: 600000 }, undefined, clock).then((r) => (result = r))
    for (let step = 0; step < 400 && !result; step++) {
      await new Promise((resolve) => setTimeout(resolve, 1))
      await clock.advance(50)
    }
    await done
    expect(seenAt[1]).toBeGreaterThanOrEqual(2000)
    expect(events(result!.batches)).toHaveLength(2)
    expect(result!.ctx.counters.http_retries).toBe(1)
    expect(result!.ctx.logs[0]?.message).toMatch(/randomuser `voters`: GET .* page 1: HTTP 429 Too Many Requests; retrying in 2000 ms \(attempt 2 of 5\)/)
  })

  it('fails with a clear error when the API keeps answering 500', async () => {
    const api = await startApi((_q, res) => void res.writeHead(500).end('boom'))
    await expect(read({ url: api.url, count: 2, maxAttempts: 3 })).rejects.toThrow(
      /^GET http:\/\/127\.0\.0\.1:\d+\/api\/ page 1 failed 3 times \(last: HTTP 500 Internal Server Error\); the API keeps failing/,
    )
    expect(api.requests).toHaveLength(3)
  })

  it('treats an {"error"} answer as a failure and retries it', async () => {
    let calls = 0
    const api = await startApi((q, res, req) => {
      if (++calls === 1) return void res.end(JSON.stringify({ error: 'Uh oh, something has gone wrong.' }))
      serveReal(q, res, req)
    })
    const { batches, ctx } = await read({ url: api.url, count: 2, pageSize: 2 })
    expect(events(batches)).toHaveLength(2)
    expect(ctx.logs[0]?.message).toMatch(/API error: Uh oh, something has gone wrong\./)
    const stubborn = await startApi((_q, res) => void res.end(JSON.stringify({ error: 'Uh oh' })))
    await expect(read({ url: stubborn.url, count: 2, maxAttempts: 2 })).rejects.toThrow(/failed 2 times \(last: API error: Uh oh\)/)
  })

  it('retries a request that times out', async () => {
    let calls = 0
    const api = await startApi((q, res, req) => {
      if (++calls === 1) return // never answers
      serveReal(q, res, req)
    })
    const { batches, ctx } = await read({ url: api.url, count: 2, pageSize: 2, timeoutMs: 100 })
    expect(events(batches)).toHaveLength(2)
    expect(ctx.logs[0]?.message).toMatch(/no complete answer within 100 ms/)
  })

  it('fails at once on a 404, without retrying', async () => {
    const api = await startApi((_q, res) => void res.writeHead(404).end('not here'))
    await expect(read({ url: api.url, count: 2 })).rejects.toThrow(/HTTP 404 Not Found: not here \(check `url`\)/)
    expect(api.requests).toHaveLength(1)
  })

  it('sends records that do not parse to the dead port with the reason, and keeps the rest', async () => {
    const api = await startApi((q, res) => {
      const users: unknown[] = page(q.seed, q.page, q.results)
      const { login: _login, ...withoutLogin } = users[1] as RandomUser
      users[1] = withoutLogin
      users[2] = 'not a user'
      res.end(envelope(q.seed, q.page, users))
    })
    const { batches } = await read({ url: api.url, count: 4, pageSize: 4 })
    expect(batches).toHaveLength(1)
    expect(batches[0]!.position).toBe(4)
    expect(batches[0]!.events.map((v) => v.voter_id)).toEqual([0, 3].map((i) => page('abc', 1, 4)[i]!.login.uuid))
    expect(batches[0]!.ports?.dead).toEqual([
      { reason: 'invalid_record', detail: expect.stringMatching(/^\/login: /), record: expect.objectContaining({ gender: expect.any(String) }) },
      { reason: 'invalid_record', detail: expect.stringMatching(/^\/: /), record: 'not a user' },
    ])
  })

  it('ends the stream at a short page', async () => {
    const api = await startApi((q, res) => void res.end(envelope(q.seed, q.page, q.page === 2 ? page(q.seed, 2, q.results).slice(0, 1) : page(q.seed, q.page, q.results))))
    const { batches } = await read({ url: api.url, pageSize: 3 })
    expect(events(batches)).toHaveLength(4)
    expect(batches.at(-1)!.position).toBe(4)
  })

  it('stops quietly when cancelled during a request', async () => {
    const controller = new AbortController()
    const api = await startApi(() => controller.abort())
    const { batches } = await read({ url: api.url, count: 2 }, undefined, systemClock, controller.signal)
    expect(batches).toEqual([])
  })
})
