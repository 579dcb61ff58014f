import { describe, expect, it } from 'vitest'
import { createRateMeter } from './rate-meter.ts'

describe('rate meter', () => {
  it('is 0 until two samples, then the rate over the last window of clock time', () => {
    const meter = createRateMeter(5000)
    expect(meter.sample(0, 0)).toBe(0)
    expect(meter.sample(1000, 500)).toBe(500)
    expect(meter.sample(2000, 1500)).toBe(750)
    // Samples older than the window drop out: from t=6000 the rate is over 1000…6000 at most.
    expect(meter.sample(6000, 1500)).toBeCloseTo(((1500 - 500) * 1000) / 5000)
    expect(meter.sample(12_000, 1500)).toBe(0)
  })

  it('never reports a negative rate (a counter reset)', () => {
    const meter = createRateMeter()
    meter.sample(0, 100)
    expect(meter.sample(1000, 50)).toBe(0)
  })
})
