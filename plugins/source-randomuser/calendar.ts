/** @module UTC calendar arithmetic in integers (no Date objects: faster, and identical on every runtime). */

import { civilFromDays as packedCivilFromDays, DAY_MS, daysFromCivil } from '../../core/window/civil-date.ts'

export interface CivilDate {
  year: number
  month: number
  day: number
}

/** Year, month (1–12) and day of a count of days since 1970-01-01. */
export function civilFromDays(days: number): CivilDate {
  const packed = packedCivilFromDays(days)
  return { year: Math.floor(packed / 10000), month: Math.floor(packed / 100) % 100, day: packed % 100 }
}

export { daysFromCivil }

/** `ms` moved by whole calendar years (29 February lands on 1 March in common years, as `setUTCFullYear` does). */
export function addYears(ms: number, years: number): number {
  const days = Math.floor(ms / DAY_MS)
  const { year, month, day } = civilFromDays(days)
  return daysFromCivil(year + years, month, day) * DAY_MS + (ms - days * DAY_MS)
}

/** Completed years from `fromMs` to `toMs`, as an age is counted (rounded down, so negative when `toMs` is earlier). */
export function wholeYears(fromMs: number, toMs: number): number {
  let years = civilFromDays(Math.floor(toMs / DAY_MS)).year - civilFromDays(Math.floor(fromMs / DAY_MS)).year
  if (addYears(fromMs, years) > toMs) years--
  return years
}

const isLeap = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)

/** `wholeYears(fromMs, nowMs)` for a fixed `nowMs`, with now's calendar date worked out once (the generator's hot path). */
export function createAgeCounter(nowMs: number): (fromMs: number) => number {
  const nowDays = Math.floor(nowMs / DAY_MS)
  const now = civilFromDays(nowDays)
  const nowTime = nowMs - nowDays * DAY_MS
  const leap = isLeap(now.year)
  return (fromMs) => {
    const days = Math.floor(fromMs / DAY_MS)
    const from = civilFromDays(days)
    const time = fromMs - days * DAY_MS
    // The anniversary in now's year, where 29 February becomes 1 March in a common year (as addYears does).
    const feb29 = from.month === 2 && from.day === 29 && !leap
    const month = feb29 ? 3 : from.month
    const day = feb29 ? 1 : from.day
    const later = month > now.month || (month === now.month && (day > now.day || (day === now.day && time > nowTime)))
    return now.year - from.year - (later ? 1 : 0)
  }
}

const pad2 = (n: number) => (n < 10 ? '0' : '') + n

/** Same output as `Date#toISOString` for years 0–9999 (`YYYY-MM-DDTHH:MM:SS.mmmZ`), several times faster. */
export function toIsoString(ms: number): string {
  const days = Math.floor(ms / DAY_MS)
  const { year, month, day } = civilFromDays(days)
  let rest = ms - days * DAY_MS
  const milli = rest % 1000
  rest = (rest - milli) / 1000
  const s = rest % 60
  rest = (rest - s) / 60
  const m = rest % 60
  const h = (rest - m) / 60
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}T${pad2(h)}:${pad2(m)}:${pad2(s)}.${String(milli).padStart(3, '0')}Z`
}
