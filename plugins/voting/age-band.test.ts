import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ageBand } from './age-band.ts'

describe('age bands', () => {
  it('count age to the day and band it like the window plugin', () => {
    const at = Date.UTC(2025, 5, 15, 12)
    expect(ageBand('2007-06-16T00:00:00.000Z', at)).toBe('<18')
    expect(ageBand('2007-06-15T23:00:00.000Z', at)).toBe('18-24')
    expect(ageBand('2000-06-16T00:00:00.000Z', at)).toBe('18-24')
    expect(ageBand('2000-06-15T00:00:00.000Z', at)).toBe('25-34')
    expect(ageBand('1990-06-15', at)).toBe('35-44')
    expect(ageBand('1980-01-01T00:00:00Z', at)).toBe('45-54')
    expect(ageBand('1970-01-01T00:00:00Z', at)).toBe('55-64')
    expect(ageBand('1960-06-15T00:00:00Z', at)).toBe('65+')
  })

  it('says unknown for a date of birth it cannot read', () => {
    expect(ageBand('15/06/1990', 0)).toBe('unknown')
    expect(ageBand('', 0)).toBe('unknown')
  })

  it('agrees with a Date-based age on any day', () => {
    const day = fc.integer({ min: Date.UTC(1930, 0, 1), max: Date.UTC(2030, 0, 1) })
    fc.assert(
      fc.property(day, day, (born, at) => {
        const b = new Date(born), a = new Date(at)
        let age = a.getUTCFullYear() - b.getUTCFullYear()
        if (a.getUTCMonth() * 100 + a.getUTCDate() < b.getUTCMonth() * 100 + b.getUTCDate()) age--
        const expected = age < 18 ? '<18' : age >= 65 ? '65+' : age < 25 ? '18-24' : `${25 + Math.floor((age - 25) / 10) * 10}-${34 + Math.floor((age - 25) / 10) * 10}`
        expect(ageBand(b.toISOString(), at)).toBe(expected)
      }),
    )
  })
})
