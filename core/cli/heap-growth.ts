/**
 * @module How far V8 lets the heap grow past what its last full collection kept, for `pipeline run`
 * on Node: a fixed 3× instead of V8's dynamic factor (up to 4× on a large heap). A pipeline allocates
 * a great deal that dies young and keeps little, so the heap's size follows the garbage allowed to
 * pile up rather than the state: 1M flagship voters peak at ~268 MiB instead of ~310, at the same
 * speed (at 2× the full collections cost ~10% more CPU). A fixed factor also replaces V8's smaller
 * ones for small heaps and for shrinking, so it is left alone when the heap is limited (under 2 GiB,
 * or `--max-old-space-size` given) or the command line sets it. Bun and Deno manage their heaps themselves.
 */
import process from 'node:process'
import v8 from 'node:v8'

export const HEAP_GROWING_PERCENT = 200
/** Below this heap limit V8's own factor is already conservative (1.3–2×). */
const LARGE_HEAP_BYTES = 2 * 2 ** 30

/** Sets V8's heap growing factor on Node when the heap is large and the user named neither the factor nor a heap size; true when set. */
export function limitHeapGrowth(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? '', heapLimit = v8.getHeapStatistics().heap_size_limit): boolean {
  if (typeof process.versions.bun === 'string' || 'Deno' in globalThis) return false
  if ([...execArgv, nodeOptions].some((arg) => /heap[-_]growing[-_]percent|max[-_]old[-_]space[-_]size/.test(arg))) return false
  if (heapLimit < LARGE_HEAP_BYTES) return false
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`)
  return true
}
