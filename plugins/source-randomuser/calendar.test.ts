import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addYears, createAgeCounter, toIsoString, wholeYears } from './calendar.ts'

const instant = fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) })

describe('calendar', () => {
  it('formats instants exactly as Date#toISOString does', () => {
    fc.assert(fc.property(instant, (ms) => {
        expect(toIsoString(ms)).toBe(new Date(ms).toISOString())
      }),
    )
  })

  it('moves by whole years as setUTCFullYear does, 29 February included', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: -90, max: 90 }), (ms, years) => {
        const date = new Date(ms)
        date.setUTCFullYear(date.getUTCFullYear() + years)
        expect(addYears(ms, years)).toBe(date.getTime())
      }),
    )
    expect(toIsoString(addYears(Date.UTC(2024, 1, 29, 12), -1))).toBe('2023-03-01T12:00:00.000Z')
  })

  it('counts completed years the way ages are counted', () => {
    const born = Date.UTC(2000, 5, 15, 10)
    expect(wholeYears(born, Date.UTC(2021, 5, 15, 9, 59))).toBe(20)
    expect(wholeYears(born, Date.UTC(2021, 5, 15, 10))).toBe(21)
    expect(wholeYears(born, Date.UTC(1999, 0, 1))).toBe(-2)
  })

  it('counts ages to a fixed now exactly as wholeYears does, 29 February included', () => {
    fc.assert(
      fc.property(instant, instant, (from, now) => {
        expect(createAgeCounter(now)(from)).toBe(wholeYears(from, now))
      }),
    )
    const leapDay = Date.UTC(2000, 1, 29, 12)
    for (const now of [Date.UTC(2023, 2, 1, 11), Date.UTC(2023, 2, 1, 12), Date.UTC(2023, 1, 28, 23), Date.UTC(2024, 1, 29, 12)]) {
      expect(createAgeCounter(now)(leapDay)).toBe(wholeYears(leapDay, now))
    }
  })
})
