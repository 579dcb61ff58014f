/** @module Partial totals into totals: the latest (or greatest) value of every part per group, summed, emitted when a total changes. Pure (no time, no I/O). */
import type { Event } from '../../core/plugin.ts'
import { compileFieldPath, lastSegment } from '../../core/window/field-path.ts'
import { compileGroupKey } from '../../core/window/group-key.ts'
import type { CombineConfig, FieldSpec } from './config.ts'

interface Group {
  values: unknown[]
  carried: unknown[]
  /** Part key → the part's value of each `sum` field (latest or greatest, as `keep` says). */
  parts: Map<string, number[]>
  /** What the last emission said (carried fields and totals), to emit only changes. */
  emitted: string
}

/** What `snapshot()` returns and `restore()` takes. */
export interface CombineSnapshot {
  version: 1
  /** The options it was taken with: a restore under other keys or sums is refused. */
  shape: string
  /** `emitted`: what the group's last emission said, so a change not yet emitted is emitted after a restore. */
  groups: { key: string; values: unknown[]; carried: unknown[]; parts: [string, number[]][]; emitted?: string }[]
}

const compileField = (spec: FieldSpec) => {
  const path = typeof spec === 'string' ? spec : spec.field
  return { name: typeof spec === 'string' ? lastSegment(spec) : (spec.as ?? lastSegment(spec.field)), read: compileFieldPath(path) }
}

/** Numbers and numeric strings count; anything else is 0 (as the window plugin's sum skips it). */
const toNumber = (value: unknown): number => {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN
  return Number.isFinite(n) ? n : 0
}

export function createCombiner(config: Omit<CombineConfig, 'emitIntervalMs'>) {
  const groupKey = compileGroupKey(config.groupBy ?? [])
  const partKey = compileGroupKey(config.partBy)
  const sums = config.sum.map(compileField)
  const carry = (config.carry ?? []).map(compileField)
  const greatest = config.keep === 'greatest'
  // `keep` joins the shape only when not the default, so checkpoints taken before it existed restore.
  const shape = JSON.stringify([config.groupBy ?? [], config.partBy, config.sum, config.carry ?? [], ...(greatest ? ['greatest'] : [])])
  const groups = new Map<string, Group>()
  /** Groups changed since their last emission, in the order they first changed. */
  const changed = new Set<Group>()
  let partCount = 0

  const totalsOf = (group: Group) => {
    const totals = sums.map(() => 0)
    for (const values of group.parts.values()) for (let i = 0; i < totals.length; i++) totals[i]! += values[i]!
    return totals
  }

  /** The group's total as an event shaped like a cumulative window emission, or undefined when it says nothing new. */
  const emission = (group: Group, final: boolean, always: boolean): Event | undefined => {
    const totals = totalsOf(group)
    const said = JSON.stringify([group.carried, totals])
    if (!always && said === group.emitted) return undefined
    group.emitted = said
    const out: Event = {}
    groupKey.names.forEach((name, i) => (out[name] = group.values[i]))
    carry.forEach((f, i) => (out[f.name] = group.carried[i]))
    sums.forEach((f, i) => (out[f.name] = totals[i]))
    out._window = { start: null, end: null, final }
    out._key = groupKey.outputKey(group.values)
    return out
  }

  return {
    /** Number of groups and of parts over all groups, for gauges. */
    get size() {
      return { groups: groups.size, parts: partCount }
    },

    /** Takes partial totals; returns the totals changed since the last emission, one per group, in the order groups first changed. */
    add(events: readonly Event[]): Event[] {
      this.update(events)
      return this.changed()
    },

    /** Takes partial totals without emitting (see `changed()`). */
    update(events: readonly Event[]): void {
      for (const event of events) {
        const key = groupKey.keyOf(event, 0)
        let group = groups.get(key)
        if (!group) {
          group = { values: groupKey.valuesOf(event, 0), carried: [], parts: new Map(), emitted: '' }
          groups.set(key, group)
        }
        const part = partKey.keyOf(event, 0)
        const values = sums.map((f) => toNumber(f.read(event)))
        const kept = group.parts.get(part)
        if (!kept) partCount++
        if (greatest && kept) for (let i = 0; i < values.length; i++) values[i] = Math.max(values[i]!, kept[i]!)
        group.parts.set(part, values)
        group.carried = carry.map((f) => f.read(event) ?? null)
        changed.add(group)
      }
    },

    /** The totals changed since they were last emitted. */
    changed(): Event[] {
      const out: Event[] = []
      for (const group of changed) {
        const e = emission(group, false, false)
        if (e) out.push(e)
      }
      changed.clear()
      return out
    },

    /** Every group's total, final (end of input). The state is kept. */
    flush(): Event[] {
      changed.clear()
      return [...groups.values()].map((group) => emission(group, true, true)!)
    },

    snapshot(): CombineSnapshot {
      return { version: 1, shape, groups: [...groups].map(([key, g]) => ({ key, values: g.values, carried: g.carried, parts: [...g.parts], emitted: g.emitted })) }
    },

    /** Replaces the state with a snapshot's. Totals restored this way are not emitted again until they change (or at flush). */
    restore(state: unknown): void {
      const s = state as Partial<CombineSnapshot> | null
      if (s?.version !== 1 || !Array.isArray(s.groups)) throw new Error('combine: cannot restore a checkpoint state that is not a version 1 combine state (was it written by another plugin?)')
      if (s.shape !== shape) {
        throw new Error(`combine: the checkpoint was taken with other options (${s.shape ?? 'unknown'}, now ${shape}); revert the options or clear the pipeline's checkpoint`)
      }
      groups.clear()
      changed.clear()
      partCount = 0
      for (const g of s.groups) {
        const group: Group = { values: g.values, carried: g.carried, parts: new Map(g.parts), emitted: '' }
        group.emitted = g.emitted ?? JSON.stringify([group.carried, totalsOf(group)])
        groups.set(g.key, group)
        if (group.emitted !== JSON.stringify([group.carried, totalsOf(group)])) changed.add(group)
        partCount += group.parts.size
      }
    },
  }
}

export type Combiner = ReturnType<typeof createCombiner>
