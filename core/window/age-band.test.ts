import { describe, expect, it } from 'vitest'
import { ageAt, createAgeBander } from './age-band.ts'

describe('ageAt', () => {
  const at = Date.UTC(2026, 8, 10, 12)
  it('counts whole years at the event time, the birthday itself included', () => {
    expect(ageAt('1984-09-10T06:12:30.194Z', at)).toBe(42)
    expect(ageAt('1984-09-11T00:00:00.000Z', at)).toBe(41)
    expect(ageAt('2008-02-29', Date.UTC(2026, 1, 28))).toBe(17)
    expect(ageAt('2008-02-29', Date.UTC(2026, 2, 1))).toBe(18)
  })
  it('gives undefined for unreadable or future birth dates', () => {
    expect(ageAt('soon', at)).toBeUndefined()
    expect(ageAt(undefined, at)).toBeUndefined()
    expect(ageAt('2030-01-01', at)).toBeUndefined()
  })
})

describe('createAgeBander', () => {
  it('labels the default bands 18-24 … 65+ and <18 below', () => {
    const band = createAgeBander()
    expect([17, 18, 24, 25, 34, 35, 44, 45, 54, 55, 64, 65, 101].map(band)).toEqual(['<18', '18-24', '18-24', '25-34', '25-34', '35-44', '35-44', '45-54', '45-54', '55-64', '55-64', '65+', '65+'])
  })
  it('takes other bounds and refuses bounds that are not ascending', () => {
    expect([20, 21, 40, 70].map(createAgeBander([21, 40]))).toEqual(['<21', '21-39', '40+', '40+'])
    expect(() => createAgeBander([30, 20])).toThrow(/strictly ascending/)
  })
})
