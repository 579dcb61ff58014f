/** @module Event time: reads 'YYYY-MM-DD HH:MM:SS' (UTC), ISO-8601 or epoch milliseconds as milliseconds since the epoch. */
import { DAY_MS, daysFromCivil, daysInMonth } from './civil-date.ts'
import type { Event } from '../plugin.ts'
import { compileFieldPath } from './field-path.ts'

/**
 * Milliseconds since the epoch, or undefined when the value is not a timestamp. Strings without a
 * zone are UTC (as votes' `voting_time` is); finite numbers are taken as epoch milliseconds.
 */
export function parseEventTime(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined
  if (typeof value !== 'string') return undefined
  return parseTimestamp(value)
}

/** Reads and parses the time field of events, remembering recent strings: a stream repeats the same second many times. */
export function createEventTimeReader(path: string): (event: Event) => number | undefined {
  const read = compileFieldPath(path)
  const cache = new Map<string, number>()
  let lastText = ''
  let lastTime: number | undefined
  return (event) => {
    const value = read(event)
    if (typeof value !== 'string') return parseEventTime(value)
    if (value === lastText) return lastTime
    let time = cache.get(value)
    if (time === undefined) {
      time = parseTimestamp(value)
      if (time === undefined) return undefined
      if (cache.size >= 4096) cache.clear()
      cache.set(value, time)
    }
    lastText = value
    lastTime = time
    return time
  }
}

function parseTimestamp(s: string): number | undefined {
  const n = s.length
  if (n < 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return undefined
  const year = digits(s, 0, 4)
  const month = digits(s, 5, 2)
  const day = digits(s, 8, 2)
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined
  let ms = daysFromCivil(year, month, day) * DAY_MS
  if (n === 10) return ms
  const sep = s.charCodeAt(10)
  if ((sep !== 32 && sep !== 84 && sep !== 116) || n < 16 || s.charCodeAt(13) !== 58) return undefined
  const hour = digits(s, 11, 2)
  const minute = digits(s, 14, 2)
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return undefined
  ms += hour * 3_600_000 + minute * 60_000
  let i = 16
  if (i < n && s.charCodeAt(i) === 58) {
    const second = digits(s, i + 1, 2)
    if (second < 0 || second > 59) return undefined
    ms += second * 1000
    i += 3
    if (i < n && (s.charCodeAt(i) === 46 || s.charCodeAt(i) === 44)) {
      const start = ++i
      while (i < n && isDigit(s.charCodeAt(i))) i++
      if (i === start || i - start > 9) return undefined
      ms += Math.floor(digits(s, start, Math.min(3, i - start)) * 10 ** (3 - Math.min(3, i - start)))
    }
  }
  return i === n ? ms : applyZone(s, i, ms)
}

function applyZone(s: string, i: number, ms: number): number | undefined {
  const c = s.charCodeAt(i)
  if ((c === 90 || c === 122) && i + 1 === s.length) return ms
  if (c !== 43 && c !== 45) return undefined
  const rest = s.length - i - 1
  const hours = digits(s, i + 1, 2)
  const minutes = rest === 2 ? 0 : rest === 4 ? digits(s, i + 3, 2) : rest === 5 && s.charCodeAt(i + 3) === 58 ? digits(s, i + 4, 2) : -1
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) return undefined
  const offset = (hours * 60 + minutes) * 60_000
  return c === 43 ? ms - offset : ms + offset
}

function digits(s: string, at: number, count: number): number {
  if (at + count > s.length) return -1
  let value = 0
  for (let i = at; i < at + count; i++) {
    const c = s.charCodeAt(i)
    if (!isDigit(c)) return -1
    value = value * 10 + (c - 48)
  }
  return value
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57
}
