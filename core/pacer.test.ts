import { getEventListeners } from 'node:events'
import { describe, expect, it } from 'vitest'
import { createManualClock } from './clock.ts'
import { createPacer, pacedChunkSize } from './pacer.ts'

describe('pacer', () => {
  it('lets n items go once they fit in the rate, without credit from idle time', async () => {
    const clock = createManualClock(0)
    const pacer = createPacer(clock, 100)
    await pacer.take(10) // the first step goes at once; the next may go 100 ms later
    let second = false
    const waiting = pacer.take(10).then(() => (second = true))
    await clock.advance(99)
    expect(second).toBe(false)
    await clock.advance(1)
    await waiting
    expect(second).toBe(true)
    await clock.advance(10_000) // idle: no burst credit builds up
    await pacer.take(50)
    let third = false
    const after = pacer.take(1).then(() => (third = true))
    await clock.advance(499)
    expect(third).toBe(false)
    await clock.advance(1)
    await after
  })

  it('stops waiting once `hurry` aborts (a graceful stop), but still rejects when `signal` does', async () => {
    const clock = createManualClock(0)
    const pacer = createPacer(clock, 10)
    const signal = new AbortController()
    const hurry = new AbortController()
    await pacer.take(10, signal.signal, hurry.signal)
    // A wait that ends on time leaves no listener behind on the long-lived signals.
    const onTime = pacer.take(10, signal.signal, hurry.signal)
    await clock.advance(1000)
    await onTime
    expect([getEventListeners(signal.signal, 'abort').length, getEventListeners(hurry.signal, 'abort').length]).toEqual([0, 0])
    let second = false
    const waiting = pacer.take(10, signal.signal, hurry.signal).then(() => (second = true))
    await clock.advance(500)
    expect(second).toBe(false)
    hurry.abort(new Error('draining'))
    await waiting
    expect(second).toBe(true)
    await pacer.take(1_000_000, signal.signal, hurry.signal) // no wait at all from now on

    const forced = createPacer(clock, 10)
    await forced.take(10)
    const cut = forced.take(10, signal.signal, new AbortController().signal)
    signal.abort(new Error('forced'))
    await expect(cut).rejects.toThrow('forced')
  })

  it('never waits at rate 0, and steps about ten times a second', async () => {
    await createPacer(createManualClock(0), 0).take(1_000_000)
    expect(pacedChunkSize(0, 1000)).toBe(1000)
    expect(pacedChunkSize(2000, 1000)).toBe(200)
    expect(pacedChunkSize(5, 1000)).toBe(1)
  })
})
