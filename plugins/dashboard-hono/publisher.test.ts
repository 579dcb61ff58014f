import { describe, expect, it } from 'vitest'
import { createManualClock } from '../../core/clock.ts'
import { createHub } from './hub.ts'
import { createPublisher } from './publisher.ts'

const decode = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes)

function setup(heartbeatMs = 10_000) {
  const clock = createManualClock(0)
  const hub = createHub()
  const fragments: Record<string, string> = { a: 'A0', b: 'B0' }
  let renders = 0
  const published: number[] = []
  const publisher = createPublisher({
    clock,
    hub,
    intervalMs: 250,
    heartbeatMs,
    render: () => {
      renders++
      return { ...fragments }
    },
    onPublish: (id) => published.push(id),
  })
  const loop = new AbortController()
  const running = publisher.run(loop.signal)
  /** Advances the clock and lets the loop's continuation run. */
  const tick = async (ms = 250) => {
    await clock.advance(ms)
    for (let i = 0; i < 5; i++) await Promise.resolve()
  }
  const stop = async () => {
    loop.abort()
    await running
  }
  return { clock, hub, fragments, publisher, tick, stop, renders: () => renders, published }
}

/** Collects whatever a viewer stream has queued. */
function viewer(stream: ReadableStream<Uint8Array>) {
  const reader = stream.getReader()
  const chunks: Uint8Array[] = []
  let pending: Promise<ReadableStreamReadResult<Uint8Array>> | undefined
  return {
    chunks,
    /** Everything received so far (a read still waiting is kept for the next call, so nothing is lost). */
    async drain() {
      for (;;) {
        pending ??= reader.read()
        const next = await Promise.race([pending, new Promise<undefined>((r) => setTimeout(r, 5))])
        if (next === undefined) return chunks.map(decode)
        pending = undefined
        if (next.done) return chunks.map(decode)
        chunks.push(next.value)
      }
    },
    cancel: () => reader.cancel(),
  }
}

describe('publisher', () => {
  it('starts a viewer with every fragment, then sends only what changed', async () => {
    const t = setup()
    const v = viewer(t.hub.open(t.publisher.snapshot()))
    expect((await v.drain())[0]).toBe('retry: 2000\n\nid: 1\nevent: a\ndata: A0\n\nevent: b\ndata: B0\n\n')
    t.fragments.b = 'B1'
    await t.tick()
    expect((await v.drain())[1]).toBe('id: 2\nevent: b\ndata: B1\n\n')
    await t.stop()
  })

  it('coalesces: many changes within an interval make one message, no change makes none', async () => {
    const t = setup()
    const v = viewer(t.hub.open(t.publisher.snapshot()))
    for (let i = 0; i < 100; i++) t.fragments.a = `A${i}`
    await t.tick(100)
    expect(await v.drain()).toHaveLength(1)
    await t.tick(150)
    await t.tick(250)
    const messages = await v.drain()
    expect(messages).toHaveLength(2)
    expect(messages[1]).toBe('id: 2\nevent: a\ndata: A99\n\n')
    await t.stop()
  })

  it('writes the very same encoded bytes to every viewer', async () => {
    const t = setup()
    const viewers = Array.from({ length: 3 }, () => viewer(t.hub.open(t.publisher.snapshot())))
    t.fragments.a = 'changed'
    await t.tick()
    for (const v of viewers) await v.drain()
    const [first, ...rest] = viewers.map((v) => v.chunks[1])
    expect(first).toBeDefined()
    for (const other of rest) expect(other).toBe(first)
    await t.stop()
  })

  it('renders nothing while nobody watches, and renders afresh for a viewer arriving after a quiet spell', async () => {
    const t = setup()
    await t.tick()
    await t.tick()
    expect(t.renders()).toBe(0)
    t.fragments.a = 'A1'
    const v = viewer(t.hub.open(t.publisher.snapshot()))
    expect((await v.drain())[0]).toContain('data: A1')
    expect(t.renders()).toBe(1)
    viewer(t.hub.open(t.publisher.snapshot()))
    expect(t.renders()).toBe(1)
    await t.stop()
  })

  it('a viewer that reconnects catches up with the current state at once', async () => {
    const t = setup()
    const first = viewer(t.hub.open(t.publisher.snapshot()))
    await first.drain()
    await first.cancel()
    expect(t.hub.size).toBe(0)
    t.fragments.a = 'A7'
    await t.tick()
    const again = viewer(t.hub.open(t.publisher.snapshot()))
    expect((await again.drain())[0]).toMatch(/event: a\ndata: A7\n\nevent: b\ndata: B0/)
    await t.stop()
  })

  it('sends a heartbeat after a quiet heartbeat interval', async () => {
    const t = setup(1000)
    const v = viewer(t.hub.open(t.publisher.snapshot()))
    for (let i = 0; i < 4; i++) await t.tick()
    expect((await v.drain()).slice(1)).toEqual([': heartbeat\n\n'])
    await t.stop()
  })

  it('drops a viewer that stops reading, and keeps serving the others', async () => {
    const clock = createManualClock(0)
    let dropped = 0
    const hub = createHub({ maxQueued: 3, onDrop: () => dropped++ })
    const stuck = hub.open(new Uint8Array([1]))
    const reading = viewer(hub.open(new Uint8Array([1])))
    for (let i = 0; i < 6; i++) {
      hub.broadcast(new Uint8Array([i]))
      await reading.drain()
    }
    expect(dropped).toBe(1)
    expect(hub.size).toBe(1)
    await expect(stuck.getReader().read()).rejects.toThrow(/fell too far behind/)
    expect(clock.now()).toBe(0)
  })

  it('ends every stream on closeAll', async () => {
    const hub = createHub()
    const reader = hub.open(new Uint8Array([1])).getReader()
    await reader.read()
    hub.closeAll()
    expect(await reader.read()).toEqual({ done: true, value: undefined })
  })

  it('keeps the loop alive when a render throws, reporting the error', async () => {
    const clock = createManualClock(0)
    const hub = createHub()
    const errors: unknown[] = []
    let fail = true
    const publisher = createPublisher({ clock, hub, intervalMs: 100, heartbeatMs: 10_000, render: () => {
      if (fail) throw new Error('boom')
      return { a: 'ok' }
    }, onError: (e) => errors.push(e) })
    hub.open(new Uint8Array())
    const loop = new AbortController()
    const running = publisher.run(loop.signal)
    await clock.advance(100)
    await Promise.resolve()
    fail = false
    await clock.advance(100)
    await Promise.resolve()
    loop.abort()
    await running
    expect(errors).toHaveLength(1)
  })
})
