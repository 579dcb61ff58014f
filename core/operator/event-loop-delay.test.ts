import { describe, expect, it } from 'vitest'
import { cumulativeBuckets } from './histogram.ts'
import { startEventLoopDelaySampler } from './event-loop-delay.ts'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('event-loop delay', () => {
  it('sees a loop blocked for 100 ms as a delay of about that much', async () => {
    const sampler = startEventLoopDelaySampler(10)
    await sleep(50)
    const start = performance.now()
    while (performance.now() - start < 100); // the loop is busy: the sampler's timer cannot fire
    await sleep(50)
    sampler.stop()
    const { histogram } = sampler
    expect(histogram.count).toBeGreaterThan(3)
    const over50ms = histogram.count - cumulativeBuckets(histogram).find((b) => b.le === 0.05)!.count
    expect(over50ms).toBe(1)
  })
})
