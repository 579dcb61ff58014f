/** @module Group keys: field paths and derived keys (age band, hour of day) compiled into a key string and output values. */
import type { Event } from '../plugin.ts'
import { createAgeBander, ageAt } from './age-band.ts'
import type { GroupKeySpec } from './config.ts'
import { compileFieldPath, lastSegment } from './field-path.ts'

export interface GroupKey {
  /** Output field names, in order. */
  readonly names: readonly string[]
  /** The identity of an event's group; groups compare key values by their string form. */
  keyOf(event: Event, time: number): string
  /** The output values of an event's group key (missing values are null). */
  valuesOf(event: Event, time: number): unknown[]
  /** The `_key` of a group: the value's string form for one key, a JSON array of them for several, '' for none. */
  outputKey(values: readonly unknown[]): string
}

type Part = (event: Event, time: number) => unknown

export function compileGroupKey(specs: readonly GroupKeySpec[]): GroupKey {
  const compiled = specs.map(compilePart)
  const names = compiled.map((c) => c.name)
  const parts = compiled.map((c) => c.read)
  const valuesOf = (event: Event, time: number) => parts.map((read) => read(event, time) ?? null)
  const [only] = parts
  if (parts.length === 0) return { names, keyOf: () => '', valuesOf, outputKey: () => '' }
  if (parts.length === 1 && only !== undefined) {
    return {
      names,
      keyOf: (event, time) => {
        const value = only(event, time)
        return typeof value === 'string' ? value : keyString(value)
      },
      valuesOf,
      outputKey: (values) => keyString(values[0]),
    }
  }
  return {
    names,
    keyOf: (event, time) => {
      let key = keyString(parts[0]!(event, time))
      for (let i = 1; i < parts.length; i++) key += '\u001f' + keyString(parts[i]!(event, time))
      return key
    },
    valuesOf,
    outputKey: (values) => JSON.stringify(values.map(keyString)),
  }
}

function compilePart(spec: GroupKeySpec): { name: string; read: Part } {
  if (typeof spec === 'string') {
    const read = compileFieldPath(spec)
    return { name: lastSegment(spec), read: (event) => read(event) }
  }
  if ('field' in spec) {
    const read = compileFieldPath(spec.field)
    return { name: spec.as ?? lastSegment(spec.field), read: (event) => read(event) }
  }
  if ('ageBand' in spec) {
    const readBirth = compileFieldPath(spec.ageBand)
    const band = createAgeBander(spec.bands)
    return {
      name: spec.as ?? 'age_band',
      read: (event, time) => {
        const age = ageAt(readBirth(event), time)
        return age === undefined ? null : band(age)
      },
    }
  }
  return { name: spec.as ?? 'hour_of_day', read: (_event, time) => Math.floor((((time % 86_400_000) + 86_400_000) % 86_400_000) / 3_600_000) }
}

function keyString(value: unknown): string {
  if (value === undefined || value === null) return ''
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}
