import { describe, expect, it } from 'vitest'
import { createEventTimeReader, parseEventTime } from './event-time.ts'

describe('parseEventTime', () => {
  it("reads the votes' 'YYYY-MM-DD HH:MM:SS' as UTC", () => {
    expect(parseEventTime('2026-03-01 10:11:12')).toBe(Date.UTC(2026, 2, 1, 10, 11, 12))
  })
  it('reads ISO-8601 with fractions and zones, and dates alone', () => {
    expect(parseEventTime('1984-09-10T06:12:30.194Z')).toBe(Date.parse('1984-09-10T06:12:30.194Z'))
    expect(parseEventTime('2026-03-01T10:11:12.5+02:00')).toBe(Date.UTC(2026, 2, 1, 8, 11, 12, 500))
    expect(parseEventTime('2026-03-01T10:11:12-0130')).toBe(Date.UTC(2026, 2, 1, 11, 41, 12))
    expect(parseEventTime('2026-03-01T10:11Z')).toBe(Date.UTC(2026, 2, 1, 10, 11))
    expect(parseEventTime('2026-03-01')).toBe(Date.UTC(2026, 2, 1))
    expect(parseEventTime('1969-12-31 23:59:59')).toBe(-1000)
  })
  it('takes finite numbers as epoch milliseconds', () => {
    expect(parseEventTime(1_700_000_000_000)).toBe(1_700_000_000_000)
    expect(parseEventTime(Number.NaN)).toBeUndefined()
  })
  it('rejects what is not a timestamp', () => {
    for (const bad of ['', 'yesterday', '2026-13-01 00:00:00', '2026-02-29 00:00:00', '2026-01-01 24:00:00', '2026-01-01 10:00:00 UTC', '2026-01-01T10:00:00+25:00', null, undefined, {}, true]) {
      expect(parseEventTime(bad), String(bad)).toBeUndefined()
    }
    expect(parseEventTime('2024-02-29 00:00:00')).toBe(Date.UTC(2024, 1, 29))
  })
})

describe('createEventTimeReader', () => {
  it('reads a nested field and gives the same answers when strings repeat or alternate', () => {
    const read = createEventTimeReader('meta.at')
    const times = ['2026-01-01 00:00:01', '2026-01-01 00:00:01', '2026-01-01 00:00:02', '2026-01-01 00:00:01', 'nonsense', '2026-01-01 00:00:02']
    expect(times.map((at) => read({ meta: { at } }))).toEqual(times.map(parseEventTime))
    expect(read({})).toBeUndefined()
  })
})
