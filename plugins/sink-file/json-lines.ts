/** @module Encodes events as JSON Lines: pure, so what a batch becomes is tested without files. */
import type { Event } from '../../core/plugin.ts'

/** What an event that cannot be written as JSON becomes on the `dead` port. */
export interface UnencodableEvent extends Event {
  reason: 'not_json_encodable'
  detail: string
  /** The event as far as it can be shown (`String(event)` when even that fails). */
  event: string
}

const encoder = new TextEncoder()

/** One line per event (JSON escapes newlines inside strings, so a line is always one event); the events JSON cannot encode (BigInt, cycles) apart. */
export function toJsonLines(events: readonly Event[]): { bytes: Uint8Array; lines: number; dead: UnencodableEvent[] } {
  let text = ''
  let lines = 0
  const dead: UnencodableEvent[] = []
  for (const event of events) {
    try {
      text += `${JSON.stringify(event)}\n`
      lines++
    } catch (error) {
      dead.push({ reason: 'not_json_encodable', detail: error instanceof Error ? error.message : String(error), event: show(event) })
    }
  }
  return { bytes: encoder.encode(text), lines, dead }
}

function show(event: Event): string {
  const fields = Object.entries(event).map(([key, value]) => `${key}: ${typeof value === 'bigint' ? `${value}n` : typeof value === 'object' && value !== null ? '{…}' : String(value)}`)
  return `{ ${fields.join(', ')} }`
}
