/** @module Carried fields: values copied into a group's output from its earliest or latest event by event time. */
import type { Event } from '../plugin.ts'
import type { CarrySpec } from './config.ts'
import { compileFieldPath, lastSegment, setFieldPath } from './field-path.ts'

export interface Carry {
  readonly names: readonly string[]
  readonly needsFirst: boolean
  readonly needsLast: boolean
  /** Writes each carried field, reading the group's first or last event. */
  write(out: Record<string, unknown>, first: Event, last: Event): void
  /** The carried values of an event, for a snapshot. */
  valuesOf(event: Event): unknown[]
  /** A minimal event holding those values again, for a restore. */
  eventOf(values: readonly unknown[]): Event
}

export function compileCarry(specs: readonly CarrySpec[]): Carry {
  const fields = specs.map((spec) => {
    const path = typeof spec === 'string' ? spec : spec.field
    const name = typeof spec === 'string' ? lastSegment(spec) : (spec.as ?? lastSegment(spec.field))
    const take = typeof spec === 'string' ? 'last' : (spec.take ?? 'last')
    return { path, name, fromFirst: take === 'first', read: compileFieldPath(path) }
  })
  return {
    names: fields.map((f) => f.name),
    needsFirst: fields.some((f) => f.fromFirst),
    needsLast: fields.some((f) => !f.fromFirst),
    write(out, first, last) {
      for (const f of fields) out[f.name] = f.read(f.fromFirst ? first : last) ?? null
    },
    valuesOf: (event) => fields.map((f) => f.read(event) ?? null),
    eventOf(values) {
      const event: Record<string, unknown> = {}
      fields.forEach((f, i) => setFieldPath(event, f.path, values[i] ?? null))
      return event
    },
  }
}
