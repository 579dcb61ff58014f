/** @module When a vote is stamped: a base time (the clock, or a point of the election's event-time span), jitter, and lateness. */
import { civilFromDays } from '../../core/window/civil-date.ts'

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

/** Formats ms as UTC `YYYY-MM-DD HH:MM:SS`; remembers the last second it formatted, as consecutive votes mostly share one. */
export function createTimeFormatter(): (ms: number) => string {
  let lastSecond = Number.NaN
  let last = ''
  return (ms) => {
    const second = Math.floor(ms / 1000)
    if (second === lastSecond) return last
    const days = Math.floor(second / 86400)
    const date = civilFromDays(days) // yyyymmdd
    let rest = second - days * 86400
    const s = rest % 60
    rest = (rest - s) / 60
    const m = rest % 60
    const h = (rest - m) / 60
    lastSecond = second
    last = `${Math.floor(date / 10000)}-${pad2(Math.floor(date / 100) % 100)}-${pad2(date % 100)} ${pad2(h)}:${pad2(m)}:${pad2(s)}`
    return last
  }
}
