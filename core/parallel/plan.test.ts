import { Type } from '@sinclair/typebox'
import { describe, expect, it } from 'vitest'
import type { NodeSpec, PipelineSpec } from '../engine/spec.ts'
import { definePlugin, type ParallelPlan, type PartField, type PluginDefinition } from '../plugin.ts'
import { describeSplit, planParallel, WORKERS_NODE } from './plan.ts'

const config = Type.Object({ n: Type.Optional(Type.Number()) })
const retry = { maxAttempts: 3, initialDelayMs: 10, maxDelayMs: 100 }
const parts: PartField[] = [{ field: '_m.partition', as: 'part' }]
const merger = definePlugin({ name: 'merger', kind: 'transform', description: 'merges', config, create: () => ({ process: () => undefined }) })
const source = (parallel?: (c: { n?: number }) => ParallelPlan<{ n?: number }>) =>
  definePlugin({ name: 'src', kind: 'source', description: 'a source', config, ports: { dead: 'bad' }, parallel, create: () => ({ async *read() {} }) })
const transform = (name: string, parallel?: (c: { n?: number }, up: readonly PartField[]) => ParallelPlan<{ n?: number }>) =>
  definePlugin({ name, kind: 'transform', description: name, config, parallel, create: () => ({ process: () => undefined }) })
const sink = definePlugin({ name: 'out', kind: 'sink', description: 'a sink', config, create: () => ({ write: () => undefined }) })
const partitioned = source((c) => ({ config: { ...c, n: 1 }, partBy: parts, strip: '_m' }))
const keyed = transform('keyed', (c, up) => (up.length === 0 ? { reason: 'no parts' } : { config: { ...c, n: 2 }, merge: { plugin: merger, config: { by: up.map((p) => p.as) } } }))
const perEvent = transform('per-event', (c) => ({ config: c }))
const global = transform('global', () => ({ reason: 'needs every event in order' }))

const node = (id: string, plugin: PluginDefinition, ...from: string[]): NodeSpec => ({ id, plugin, config: {}, inputs: from.map((f) => ({ role: 'in', from: f })), retry })
const pipeline = (parallelism: PipelineSpec['parallelism'], ...nodes: NodeSpec[]): PipelineSpec => ({ name: 'p', nodes, checkpointIntervalMs: 1000, tickMs: 100, queueCapacity: 8, parallelism })

describe('planParallel', () => {
  it('runs on one thread when asked for one, or `auto` finds one core', () => {
    const spec = pipeline(1, node('a', partitioned), node('c', keyed, 'a'), node('b', sink, 'c'))
    expect(planParallel(spec, 8)).toMatchObject({ parallel: false, reason: 'settings.parallelism is 1' })
    expect(planParallel({ ...spec, parallelism: 'auto' }, 1)).toMatchObject({ parallel: false, reason: 'one core' })
    expect(planParallel({ ...spec, parallelism: 'auto' }, 4)).toMatchObject({ parallel: true, workers: 4 })
  })

  it('says which source cannot be shared', () => {
    const split = planParallel(pipeline(2, node('a', source()), node('b', sink, 'a')), 2)
    expect(split).toMatchObject({ parallel: false })
    expect(describeSplit(split)).toBe('runs on one thread (source `a` (src) is not partitioned, so workers could not share it)')
    expect(planParallel(pipeline(2, node('a', source(() => ({ reason: 'replays' }))), node('b', sink, 'a')), 2)).toMatchObject({ reason: 'source `a` (src): replays' })
  })

  it('runs sources and keyed transforms in every worker, merges on the main thread under the same id, and keeps sinks there', () => {
    const split = planParallel(pipeline(2, node('votes', partitioned), node('count', keyed, 'votes'), node('db', sink, 'count', 'votes.dead')), 2)
    if (!split.parallel) throw new Error(split.reason)
    expect(split.worker.map((n) => [n.id, n.config])).toEqual([['votes', { n: 1 }], ['count', { n: 2 }]])
    expect(split.main.map((n) => [n.id, n.plugin.name, n.inputs.map((i) => i.from)])).toEqual([
      ['count', 'merger', [`${WORKERS_NODE}.count.out`]],
      ['db', 'out', ['count', `${WORKERS_NODE}.votes.dead`]],
    ])
    expect(split.main[0]!.config).toEqual({ by: ['part'] })
    expect(split.streams).toEqual([{ ref: 'count.out' }, { ref: 'votes.dead', strip: '_m' }])
  })

  it('keeps on the main thread what reads combined totals, and what the main thread feeds', () => {
    const split = planParallel(pipeline(2,
      node('votes', partitioned), node('clean', perEvent, 'votes'), node('count', keyed, 'clean'), node('after', perEvent, 'count'),
      node('later', perEvent, 'after'), node('db', sink, 'later')), 2)
    if (!split.parallel) throw new Error(split.reason)
    expect(split.worker.map((n) => n.id)).toEqual(['votes', 'clean', 'count'])
    expect(split.main.map((n) => n.id).sort()).toEqual(['after', 'count', 'db', 'later'])
    expect(split.notes).toContain('`after` (per-event) runs on the main thread: it reads combined totals, which only the main thread has')
  })

  it('lets a source\'s events leave the workers when it says where each was read (the main thread passes each once)', () => {
    const where = () => ({ part: '0', offset: 1 })
    const positioned = source((c) => ({ config: c, partBy: parts, strip: '_m', position: where }))
    const split = planParallel(pipeline(2, node('votes', positioned), node('count', keyed, 'votes'), node('masked', global, 'votes'), node('db', sink, 'count', 'masked')), 2)
    if (!split.parallel) throw new Error(split.reason)
    expect(split.main.find((n) => n.id === 'masked')!.inputs[0]!.from).toBe(`${WORKERS_NODE}.votes.out`)
    expect(split.streams).toContainEqual({ ref: 'votes.out', strip: '_m', position: where })
  })

  it('runs on one thread when events would leave the workers one by one (a moved partition is read again)', () => {
    const ordered = planParallel(pipeline(2, node('votes', partitioned), node('count', keyed, 'votes'), node('ordered', global, 'votes'), node('db', sink, 'count', 'ordered')), 2)
    expect(ordered).toMatchObject({ parallel: false })
    expect(describeSplit(ordered)).toContain('`ordered` (global) reads the events of `votes` one by one')
    const archived = planParallel(pipeline(2, node('votes', partitioned), node('clean', perEvent, 'votes'), node('file', sink, 'clean')), 2)
    expect(archived).toMatchObject({ parallel: false, reason: expect.stringContaining('`file` (out) reads the events of `clean` one by one') })
  })
})
