import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { baseTime, createTimeFormatter, stampTime, type TimeSettings } from './vote-time.ts'

const settings: TimeSettings = { durationMs: 3600000, expectedVoters: 1000, jitterMs: 500, lateFraction: 0.1, lateByMs: 120000 }

describe('vote time', () => {
  it('formats UTC as YYYY-MM-DD HH:MM:SS, the same as the ISO string', () => {
    const format = createTimeFormatter()
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2100, 0, 1) }), (ms) => {
        expect(format(ms)).toBe(new Date(ms).toISOString().slice(0, 19).replace('T', ' '))
      }),
    )
    expect(format(Date.UTC(2025, 4, 1, 7, 5, 9, 999))).toBe('2025-05-01 07:05:09')
  })

  it('formats the same second the same way whatever else it formatted in between (its cache of recent seconds)', () => {
    const format = createTimeFormatter()
    const base = Date.UTC(2025, 4, 1, 7, 0, 0)
    const times = [0, 999, 1000, 64000, -1, 1000, 64999, -64000, 0, 128000, 999].map((d) => base + d)
    for (const ms of times) expect(format(ms)).toBe(new Date(ms).toISOString().slice(0, 19).replace('T', ' '))
    expect(format(Date.UTC(1969, 11, 31, 23, 59, 59))).toBe('1969-12-31 23:59:59')
    expect(format(Date.UTC(999, 0, 1, 0, 0, 0))).toBe('999-01-01 00:00:00')
  })

  it('spreads votes over the election in arrival order, or follows the clock when there is no duration', () => {
    expect(baseTime(settings, 1000, 0, 99)).toBe(1000)
    expect(baseTime(settings, 1000, 500, 99)).toBe(1000 + 1800000)
    expect(baseTime(settings, 1000, 2000, 99)).toBe(1000 + 7200000)
    expect(baseTime({ ...settings, durationMs: 0 }, 1000, 500, 99)).toBe(99)
  })

  it('jitters within ±jitterMs and moves late votes lateByMs back', () => {
    expect(stampTime(settings, 10000, 0, 0.5)).toBe(9500)
    expect(stampTime(settings, 10000, 0.5, 0.5)).toBe(10000)
    expect(stampTime(settings, 10000, 0.999999, 0.5)).toBe(10500)
    expect(stampTime(settings, 10000, 0.5, 0.05)).toBe(10000 - 120000)
  })
})
