/** @module Measures (count, sum, min, max, avg, distinct count) as numeric slots per group: cheap to update, merge and snapshot. */
import type { Event } from '../plugin.ts'
import type { MeasureSpec } from './config.ts'
import { compileFieldPath, lastSegment } from './field-path.ts'

/** The accumulators of one group: `count` events, numeric `acc` slots, and sets for distinct counts. */
export interface Accumulators {
  count: number
  readonly acc: number[]
  readonly sets: Set<unknown>[]
}

export interface Measures {
  readonly names: readonly string[]
  /** Fresh accumulators, all empty. */
  create(): Accumulators
  /** True when count is the only measure: nothing to update but the count. */
  readonly countOnly: boolean
  /** Adds one event (its count is the caller's). */
  update(into: Accumulators, event: Event): void
  /** Adds everything of `from` into `into`. */
  merge(into: Accumulators, from: Accumulators): void
  /** Writes each measure's output value. */
  write(out: Record<string, unknown>, from: Accumulators): void
}

type Kind = 'count' | 'sum' | 'min' | 'max' | 'avg' | 'distinctCount'

interface Op {
  kind: Kind
  name: string
  slot: number
  read: (event: Event) => unknown
}

const prefixes: Record<Exclude<Kind, 'count'>, string> = { sum: 'sum_', min: 'min_', max: 'max_', avg: 'avg_', distinctCount: 'distinct_' }

export function compileMeasures(specs: readonly MeasureSpec[]): Measures {
  let slots = 0
  let sets = 0
  const ops: Op[] = specs.map((spec) => {
    if (spec === 'count' || 'count' in spec) return { kind: 'count', name: (typeof spec === 'object' && spec.as) || 'count', slot: 0, read: () => undefined }
    const kind = Object.keys(spec).find((k) => k !== 'as') as Exclude<Kind, 'count'>
    const path = (spec as Record<string, string>)[kind]!
    const slot = kind === 'distinctCount' ? sets++ : slots
    if (kind !== 'distinctCount') slots += kind === 'sum' ? 1 : 2
    return { kind, name: spec.as ?? prefixes[kind] + lastSegment(path), slot, read: compileFieldPath(path) }
  })
  const active = ops.filter((op) => op.kind !== 'count')
  return {
    names: ops.map((op) => op.name),
    countOnly: active.length === 0,
    create: () => ({ count: 0, acc: new Array<number>(slots).fill(0), sets: Array.from({ length: sets }, () => new Set<unknown>()) }),
    update(into, event) {
      for (let i = 0; i < active.length; i++) updateOne(active[i]!, into, event)
    },
    merge(into, from) {
      into.count += from.count
      for (const op of active) mergeOne(op, into, from)
    },
    write(out, from) {
      for (const op of ops) out[op.name] = valueOf(op, from)
    },
  }
}

function updateOne(op: Op, into: Accumulators, event: Event): void {
  const raw = op.read(event)
  if (op.kind === 'distinctCount') {
    if (raw !== undefined && raw !== null) into.sets[op.slot]!.add(typeof raw === 'object' ? JSON.stringify(raw) : raw)
    return
  }
  const value = toNumber(raw)
  if (value !== value) return
  const acc = into.acc
  const s = op.slot
  if (op.kind === 'sum') acc[s]! += value
  else if (op.kind === 'avg') (acc[s]! += value), acc[s + 1]!++
  else if (acc[s + 1] === 0 || (op.kind === 'min' ? value < acc[s]! : value > acc[s]!)) (acc[s] = value), acc[s + 1]!++
  else acc[s + 1]!++
}

function mergeOne(op: Op, into: Accumulators, from: Accumulators): void {
  const s = op.slot
  if (op.kind === 'distinctCount') for (const value of from.sets[s]!) into.sets[s]!.add(value)
  else if (op.kind === 'sum') into.acc[s]! += from.acc[s]!
  else if (op.kind === 'avg') (into.acc[s]! += from.acc[s]!), (into.acc[s + 1]! += from.acc[s + 1]!)
  else if (from.acc[s + 1]! > 0) {
    const better = into.acc[s + 1] === 0 || (op.kind === 'min' ? from.acc[s]! < into.acc[s]! : from.acc[s]! > into.acc[s]!)
    if (better) into.acc[s] = from.acc[s]!
    into.acc[s + 1]! += from.acc[s + 1]!
  }
}

function valueOf(op: Op, from: Accumulators): unknown {
  const s = op.slot
  switch (op.kind) {
    case 'count':
      return from.count
    case 'sum':
      return from.acc[s]
    case 'distinctCount':
      return from.sets[s]!.size
    case 'avg':
      return from.acc[s + 1] === 0 ? null : from.acc[s]! / from.acc[s + 1]!
    default:
      return from.acc[s + 1] === 0 ? null : from.acc[s]
  }
}

/** Numbers and numeric strings count; anything else (missing, null, text, infinities) is skipped, as SQL skips nulls. */
function toNumber(value: unknown): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN
  return Number.isFinite(n) ? n : NaN
}
