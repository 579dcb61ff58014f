import { describe, expect, it } from 'vitest'
import { createManualClock, systemClock } from './clock.ts'

describe('clocks', () => {
  it('wakes manual sleepers in time order when advanced', async () => {
    const clock = createManualClock(100)
    const woke: number[] = []
    void clock.sleep(20).then(() => woke.push(clock.now()))
    void clock.sleep(10).then(() => woke.push(clock.now()))
    await clock.advance(15)
    expect(woke).toEqual([115])
    await clock.advance(5)
    expect(woke).toEqual([115, 120])
  })

  it('rejects a sleep when its signal aborts, and leaves no listener behind after a normal wake', async () => {
    const clock = createManualClock(0)
    const controller = new AbortController()
    for (let i = 0; i < 50; i++) {
      const sleeping = clock.sleep(1, controller.signal)
      await clock.advance(1)
      await sleeping
    }
    const aborted = clock.sleep(1000, controller.signal)
    controller.abort(new Error('stop'))
    await expect(aborted).rejects.toThrow('stop')
  })

  it('system clock sleeps can be aborted', async () => {
    const controller = new AbortController()
    const sleeping = systemClock.sleep(60_000, controller.signal)
    controller.abort(new Error('enough'))
    await expect(sleeping).rejects.toThrow('enough')
  })
})
