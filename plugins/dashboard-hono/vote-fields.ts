/** @module Reads the few fields the dashboard needs from a vote or voter record, tolerating the flat and nested shapes. */

/** Lower bounds of the age bands, the same as the window plugin's default (`18-24` … `65+`, `<18` below). */
export const AGE_BANDS = [18, 25, 35, 45, 55, 65] as const

/** Milliseconds since the epoch of `YYYY-MM-DD HH:MM:SS` (UTC), ISO-8601 or epoch ms; undefined when unreadable. */
export function toEventTime(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined
  if (typeof value !== 'string' || value.length < 10) return undefined
  const ms = value.length === 19 && value[10] === ' ' ? Date.parse(`${value.slice(0, 10)}T${value.slice(11)}Z`) : Date.parse(value)
  return Number.isNaN(ms) ? undefined : ms
}

/** The state (county) of a voter: `address.state`, `address_state` or `state`. */
export function stateOf(event: Record<string, unknown>): string | undefined {
  const address = event.address
  if (typeof address === 'object' && address !== null) {
    const state = (address as Record<string, unknown>).state
    if (typeof state === 'string') return state
  }
  if (typeof event.address_state === 'string') return event.address_state
  return typeof event.state === 'string' ? event.state : undefined
}

/** The age band (`18-24`, `65+`, `<18`) of someone born at `dateOfBirth` at time `at`, as the window plugin labels it. */
export function ageBandOf(dateOfBirth: unknown, at: number): string | undefined {
  if (typeof dateOfBirth !== 'string' || dateOfBirth.length < 10) return undefined
  const born = new Date(`${dateOfBirth.slice(0, 10)}T00:00:00Z`)
  if (Number.isNaN(born.getTime())) return undefined
  const now = new Date(at)
  let age = now.getUTCFullYear() - born.getUTCFullYear()
  if (now.getUTCMonth() < born.getUTCMonth() || (now.getUTCMonth() === born.getUTCMonth() && now.getUTCDate() < born.getUTCDate())) age -= 1
  return bandLabel(age)
}

function bandLabel(age: number): string {
  if (age < AGE_BANDS[0]) return `<${AGE_BANDS[0]}`
  for (let i = AGE_BANDS.length - 1; i >= 0; i--) {
    const low = AGE_BANDS[i]!
    if (age < low) continue
    const next = AGE_BANDS[i + 1]
    return next === undefined ? `${low}+` : `${low}-${next - 1}`
  }
  return `<${AGE_BANDS[0]}`
}

/** Sort key for age-band labels: `<18` first, then by lower bound, unknown labels last. */
export function ageBandOrder(label: string): number {
  if (label.startsWith('<')) return -1
  const low = Number.parseInt(label, 10)
  return Number.isNaN(low) ? Number.MAX_SAFE_INTEGER : low
}
