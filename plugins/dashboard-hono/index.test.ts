import { createServer } from 'node:net'
import { describe, expect, it } from 'vitest'
import { createManualClock } from '../../core/clock.ts'
import type { Event, SinkInstance } from '../../core/plugin.ts'
import { testSinkConformance } from '../../core/testing/conformance.ts'
import { createTestContext } from '../../core/testing/test-context.ts'
import plugin from './index.ts'
import { CANDIDATES, createRandom, vote } from './test-events.ts'

const defaults = { host: '127.0.0.1', port: 0, title: 'Live election results', pushIntervalMs: 250, heartbeatMs: 15_000 }

function start(config: Partial<typeof defaults> = {}) {
  const clock = createManualClock(Date.UTC(2026, 0, 1))
  const ctx = createTestContext({ clock })
  const instance = plugin.create(ctx, { ...defaults, ...config }) as SinkInstance & { url: string | undefined }
  return { clock, ctx, instance }
}

/** Reads an SSE response until `done(text)` holds or the deadline passes. */
async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, done: (text: string) => boolean, deadlineMs = 5000) {
  let text = ''
  const deadline = Date.now() + deadlineMs
  while (!done(text)) {
    if (Date.now() > deadline) throw new Error(`no matching SSE data within ${deadlineMs} ms; got:\n${text.slice(-500)}`)
    const next = await reader.read()
    if (next.done) break
    text += new TextDecoder().decode(next.value)
  }
  return text
}

testSinkConformance(plugin, { port: 0 }, { events: CANDIDATES })

describe('dashboard plugin', () => {
  it('serves the page on loopback and pushes changes to a connected viewer over real HTTP', async () => {
    const { clock, ctx, instance } = start()
    await instance.start!()
    try {
      expect(instance.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      expect(ctx.logs.some((l) => l.message.includes(instance.url!))).toBe(true)
      instance.write(CANDIDATES, { role: 'candidates', from: 'candidates' }, () => {})
      expect(await (await fetch(`${instance.url}/`)).text()).toContain('Eleanor Hughes')
      const res = await fetch(`${instance.url}/events`)
      const reader = res.body!.getReader()
      expect(await readUntil(reader, (t) => t.includes('event: health'))).toContain('data-kpi="votes">0<')
      const random = createRandom(4)
      instance.write(Array.from({ length: 25 }, (_, i) => vote(i, clock.now(), random)), { role: 'votes', from: 'votes' }, () => {})
      await clock.advance(250)
      const update = await readUntil(reader, (t) => t.includes('data-kpi="votes">25<'))
      expect(update).toContain('event: leader')
      await reader.cancel()
    } finally {
      await instance.stop!()
    }
  })

  it('sends events no input can use to the dead port', async () => {
    const { instance } = start()
    const dead: Event[] = []
    instance.write([{ nothing: true }, CANDIDATES[0]!], { role: 'in', from: 'x' }, (events, port) => port === 'dead' && dead.push(...events))
    expect(dead).toEqual([{ nothing: true, _error: 'dashboard: no dashboard input takes this event on `in` (wire it to a named role)' }])
  })

  it('stops once, ending open streams and the server', async () => {
    const { instance } = start()
    await instance.start!()
    const url = instance.url!
    const reader = (await fetch(`${url}/events`)).body!.getReader()
    await readUntil(reader, (t) => t.includes('event: stats'))
    const first = instance.stop!()
    expect(instance.stop!()).toBe(first)
    await first
    expect(await readUntil(reader, () => false)).toBe('')
    await expect(fetch(`${url}/`)).rejects.toThrow()
  })

  it('says which address is taken and what to change', async () => {
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const port = (blocker.address() as { port: number }).port
    const { instance } = start({ port })
    try {
      await expect(instance.start!()).rejects.toThrow(new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port} .*set another \`port\``))
    } finally {
      await instance.stop!()
      blocker.close()
    }
  })
})
