/** @module When a vote is stamped: a base time (the clock, or a point of the election's event-time span), jitter, and lateness. */
import { civilFromDays, digitCode as digitAt } from '../../core/window/civil-date.ts'

export interface TimeSettings {
  /** 0: the base is the clock; otherwise vote k's base is startMs + durationMs·k/expectedVoters. */
  durationMs: number
  expectedVoters: number
  jitterMs: number
  lateFraction: number
  lateByMs: number
}

/** Base time of the `k`-th vote (0-based) cast at clock time `nowMs`. */
export function baseTime(settings: TimeSettings, startMs: number, k: number, nowMs: number): number {
  return settings.durationMs > 0 ? startMs + Math.floor((settings.durationMs * k) / settings.expectedVoters) : nowMs
}

/** The stamped time: base moved by a jitter draw within ±jitterMs, and by −lateByMs when the late draw falls under lateFraction. */
export function stampTime(settings: TimeSettings, baseMs: number, jitterDraw: number, lateDraw: number): number {
  const jitter = Math.round((2 * jitterDraw - 1) * settings.jitterMs)
  return baseMs + jitter - (lateDraw < settings.lateFraction ? settings.lateByMs : 0)
}

const pad2 = (n: number) => (n < 10 ? '0' : '') + n
/** Seconds remembered by the formatter: votes jittered around a moving base time fall in a few neighbouring seconds. */
const CACHED_SECONDS = 64

/**
 * Formats ms as UTC `YYYY-MM-DD HH:MM:SS`. Remembers the strings of the last seconds it formatted
 * (by second, in CACHED_SECONDS slots), as consecutive votes mostly share a few: the votes of those
 * seconds share one string each instead of each carrying its own.
 */
export function createTimeFormatter(): (ms: number) => string {
  const seconds = new Float64Array(CACHED_SECONDS).fill(Number.NaN)
  const texts = new Array<string>(CACHED_SECONDS).fill('')
  return (ms) => {
    const second = Math.floor(ms / 1000)
    const slot = ((second % CACHED_SECONDS) + CACHED_SECONDS) % CACHED_SECONDS
    if (seconds[slot] === second) return texts[slot]!
    seconds[slot] = second
    return (texts[slot] = formatSecond(second))
  }
}

function formatSecond(second: number): string {
  const days = Math.floor(second / 86400)
  const date = civilFromDays(days) // yyyymmdd
  let rest = second - days * 86400
  const s = rest % 60
  rest = (rest - s) / 60
  const m = rest % 60
  const h = (rest - m) / 60
  const year = Math.floor(date / 10000)
  if (year < 1000 || year > 9999) return `${year}-${pad2(Math.floor(date / 100) % 100)}-${pad2(date % 100)} ${pad2(h)}:${pad2(m)}:${pad2(s)}`
  // One flat string at once (the windows and the sink read it; pieces would be joined again there).
  // prettier-ignore
  return String.fromCharCode(
    digitAt(date, 1e7), digitAt(date, 1e6), digitAt(date, 1e5), digitAt(date, 1e4), 45, digitAt(date, 1000), digitAt(date, 100), 45, digitAt(date, 10), digitAt(date, 1),
    32, digitAt(h, 10), digitAt(h, 1), 58, digitAt(m, 10), digitAt(m, 1), 58, digitAt(s, 10), digitAt(s, 1),
  )
}
