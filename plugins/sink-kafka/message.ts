/** @module Turns an event into a Kafka message: JSON value without framework metadata, key from a field. */
import type { Event } from '../../core/plugin.ts'

export interface KafkaMessage {
  key: string | null
  value: string
}

/** Reads a dot path (`address.state`); undefined when any step is missing. */
export function readPath(event: Event, path: string): unknown {
  if (!path.includes('.')) return event[path]
  let value: unknown = event
  for (const step of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined
    value = (value as Record<string, unknown>)[step]
  }
  return value
}

/** The event without its top-level `_`-prefixed keys (`_window`, `_key`…), field order kept. */
export function withoutMetadata(event: Event): Event {
  let hasMetadata = false
  for (const key in event) {
    if (key.charCodeAt(0) === 95) {
      hasMetadata = true
      break
    }
  }
  if (!hasMetadata) return event
  const out: Event = {}
  for (const key in event) if (key.charCodeAt(0) !== 95) out[key] = event[key]
  return out
}

/**
 * The message key: the value at `keyPath` when given and present, else the event's `_key`
 * (a window's group key), else none. Strings are used as they are, other values as JSON.
 */
export function toKey(event: Event, keyPath: string | undefined): string | null {
  let value = keyPath === undefined ? undefined : readPath(event, keyPath)
  if (value === undefined || value === null) value = event._key
  if (value === undefined || value === null) return null
  return typeof value === 'string' ? value : JSON.stringify(value)
}

/** Encodes one event; throws when the event is not JSON-encodable (BigInt, cycles). */
export function toMessage(event: Event, keyPath: string | undefined): KafkaMessage {
  return { key: toKey(event, keyPath), value: JSON.stringify(withoutMetadata(event)) }
}
