/** @module Age bands of voters (`<18`, `18-24` … `55-64`, `65+`), the same labels the window plugin groups by. */
import { DAY_MS, civilFromDays } from '../../core/window/civil-date.ts'

/** Band labels by index; the last, `unknown`, is for dates of birth that cannot be read. */
export const AGE_BANDS: readonly string[] = ['<18', '18-24', '25-34', '35-44', '45-54', '55-64', '65+', 'unknown']
const UNKNOWN = AGE_BANDS.length - 1

/** The day ages are counted on, as year and month·100+day. */
export interface AgeDay {
  year: number
  monthDay: number
}

export function ageDay(atMs: number): AgeDay {
  const date = civilFromDays(Math.floor(atMs / DAY_MS)) // yyyymmdd
  return { year: Math.floor(date / 10000), monthDay: date % 10000 }
}

/** Index in AGE_BANDS of someone born on `dateOfBirth` (ISO-8601; its `YYYY-MM-DD` is read) on day `at`. */
export function ageBandIndex(dateOfBirth: string, at: AgeDay): number {
  const year = digitsAt(dateOfBirth, 0, 4)
  const monthDay = digitsAt(dateOfBirth, 5, 2) * 100 + digitsAt(dateOfBirth, 8, 2)
  if (year < 0 || monthDay < 0 || dateOfBirth.charCodeAt(4) !== 45 || dateOfBirth.charCodeAt(7) !== 45) return UNKNOWN
  const age = at.year - year - (at.monthDay < monthDay ? 1 : 0)
  if (age < 18) return 0
  if (age < 25) return 1
  if (age >= 65) return 6
  return 2 + Math.floor((age - 25) / 10)
}

export function ageBand(dateOfBirth: string, atMs: number): string {
  return AGE_BANDS[ageBandIndex(dateOfBirth, ageDay(atMs))]!
}

/** The decimal number in `text` at [from, from+length), or -1 when any of it is not a digit. */
function digitsAt(text: string, from: number, length: number): number {
  let value = 0
  for (let i = from; i < from + length; i++) {
    const d = text.charCodeAt(i) - 48
    if (!(d >= 0 && d <= 9)) return -1
    value = value * 10 + d
  }
  return value
}
