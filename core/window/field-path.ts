/** @module Field paths (`address.state`) compiled once into fast readers. */
import type { Event } from '../plugin.ts'

/** A reader of the value at a dotted path; undefined when any step is missing or not an object. */
export function compileFieldPath(path: string): (event: Event) => unknown {
  const steps = path.split('.')
  const [first, second] = steps
  if (first === undefined) throw new Error(`field path \`${path}\` is empty: name a field such as \`candidate_id\``)
  if (steps.length === 1) return (event) => event[first]
  if (steps.length === 2 && second !== undefined) {
    return (event) => {
      const inner = event[first]
      return typeof inner === 'object' && inner !== null ? (inner as Record<string, unknown>)[second] : undefined
    }
  }
  return (event) => {
    let value: unknown = event
    for (const step of steps) {
      if (typeof value !== 'object' || value === null) return undefined
      value = (value as Record<string, unknown>)[step]
    }
    return value
  }
}

/** Sets the value at a dotted path, creating the objects on the way. */
export function setFieldPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const steps = path.split('.')
  let at = target
  for (let i = 0; i < steps.length - 1; i++) {
    const step = steps[i]!
    const next = at[step]
    at = typeof next === 'object' && next !== null ? (next as Record<string, unknown>) : (at[step] = {})
  }
  at[steps[steps.length - 1]!] = value
}

/** The default output name of a path: its last segment. */
export function lastSegment(path: string): string {
  return path.slice(path.lastIndexOf('.') + 1)
}
