/**
 * @module How far V8 lets the heap grow past what its last full collection kept, for `pipeline run`
 * on Node: a fixed 3× instead of V8's dynamic factor (up to 4×). A pipeline allocates a great deal
 * that dies young and keeps little, so the heap's size follows the garbage allowed to pile up rather
 * than the state: 1M flagship voters peak at ~268 MiB instead of ~310, at the same speed (at 2× the
 * full collections cost ~10% more CPU). Bun and Deno manage their heaps themselves.
 */
import process from 'node:process'
import v8 from 'node:v8'

export const HEAP_GROWING_PERCENT = 200

/** Sets V8's heap growing factor unless the runtime is not Node or the user chose one (node flag or NODE_OPTIONS); true when set. */
export function limitHeapGrowth(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): boolean {
  if (typeof process.versions.bun === 'string' || 'Deno' in globalThis) return false
  if ([...execArgv, nodeOptions].some((arg) => /heap[-_]growing[-_]percent/.test(arg))) return false
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`)
  return true
}
