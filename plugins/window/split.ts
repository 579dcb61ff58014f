/**
 * @module How a window splits over worker threads: each worker counts its share per part (the
 * upstream's part fields join the group key), and `combine` sums the most complete count of every
 * part into what one window would have emitted. Pure.
 */
import type { ParallelPlan, PartField } from '../../core/plugin.ts'
import { lastSegment } from '../../core/window/field-path.ts'
import { compileGroupKey } from '../../core/window/group-key.ts'
import type { WindowConfig } from '../../core/window/config.ts'
import combine from '../combine/index.ts'

export function splitWindow(config: WindowConfig, upstream: readonly PartField[]): ParallelPlan<WindowConfig> {
  if (upstream.length === 0) return { reason: 'its input is not split into parts' }
  if (config.window && !('cumulative' in config.window)) return { reason: 'only running totals (`window: { cumulative: true }`) combine across workers so far; time windows run after them' }
  if (config.emit !== 'update') return { reason: '`emit: final` sends totals only at the end: only `emit: update` combines across workers so far' }
  const sums: string[] = []
  for (const measure of config.measures) {
    if (measure === 'count') sums.push('count')
    else if ('count' in measure) sums.push(measure.as ?? 'count')
    else return { reason: `measure \`${Object.keys(measure).find((k) => k !== 'as')}\` does not combine across workers so far (\`count\` does)` }
  }
  const carry: string[] = []
  for (const spec of config.carry) {
    if (typeof spec === 'string') carry.push(lastSegment(spec))
    else if (spec.take === 'first') return { reason: `carry \`${spec.field}\` takes the first value, which workers cannot agree on` }
    else carry.push(spec.as ?? lastSegment(spec.field))
  }
  const groupBy = compileGroupKey(config.groupBy).names
  return {
    // Every batch's counts leave the worker before the checkpoint barrier behind it: a worker's
    // commits then never pass a count the main thread does not hold (its state is not restored).
    config: { ...config, groupBy: [...config.groupBy, ...upstream.map((p) => ({ field: p.field, as: p.as }))], emitIntervalMs: 0 },
    merge: { plugin: combine, config: { groupBy: [...groupBy], partBy: upstream.map((p) => p.as), keep: 'greatest', sum: sums, carry, emitIntervalMs: config.emitIntervalMs } },
  }
}
