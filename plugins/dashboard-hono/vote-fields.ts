/** @module Reads the few fields the dashboard needs from vote and voter records, flat or nested; times and age bands come from core/window. */

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

/** Sort key for age-band labels (`<18`, `18-24` … `65+`): below-range first, then by lower bound, anything else last. */
export function ageBandOrder(label: string): number {
  if (label.startsWith('<')) return -1
  const low = Number.parseInt(label, 10)
  return Number.isNaN(low) ? Number.MAX_SAFE_INTEGER : low
}
