import { Value } from '@sinclair/typebox/value'
import { describe, expect, it } from 'vitest'
import type { Emit, Event, TransformInstance } from '../../core/plugin.ts'
import { testTransformConformance } from '../../core/testing/conformance.ts'
import { createTestContext } from '../../core/testing/test-context.ts'
import combine from './index.ts'

const config = { groupBy: ['state'], partBy: ['partition'], sum: ['count'] }
const partial = (state: string, partition: number, count: number): Event => ({ state, partition, count })

testTransformConformance(combine, config, { events: [partial('Kent', 0, 2), partial('Kent', 1, 3)] })

function setup() {
  const ctx = createTestContext({ nodeId: 'by_state' })
  const create = () => combine.create(ctx, Value.Default(combine.config, structuredClone(config)) as never) as TransformInstance
  const out: Event[] = []
  const emit: Emit = (events, port = 'out') => {
    expect(port).toBe('out')
    out.push(...events)
  }
  return { ctx, create, out, emit, input: { role: 'in', from: 'partials' } }
}

describe('combine plugin', () => {
  it('emits changed totals per batch, every total at flush, and gauges its size', async () => {
    const { ctx, create, out, emit, input } = setup()
    const node = create()
    await node.process([partial('Kent', 0, 2), partial('Kent', 1, 3), partial('Essex', 0, 1)], input, emit)
    expect(out.map((e) => [e.state, e.count])).toEqual([['Kent', 5], ['Essex', 1]])
    expect(ctx.gauges).toMatchObject({ groups: 2, parts: 3 })
    await node.flush!(emit)
    expect(out.slice(2).map((e) => [e.state, e.count, e._window])).toEqual([['Kent', 5, { start: null, end: null, final: true }], ['Essex', 1, { start: null, end: null, final: true }]])
  })

  it('resumes from its snapshot in a new instance', async () => {
    const { create, out, emit, input } = setup()
    const first = create()
    await first.process([partial('Kent', 0, 2), partial('Kent', 1, 3)], input, emit)
    const second = create()
    second.restore!(JSON.parse(JSON.stringify(first.snapshot!())))
    await second.process([partial('Kent', 1, 4)], input, emit)
    expect(out.at(-1)).toMatchObject({ state: 'Kent', count: 6 })
  })

  it('reads only its group, part, summed and carried fields', () => {
    const full = Value.Default(combine.config, { groupBy: ['candidate_id'], partBy: [{ field: '_kafka.partition', as: 'partition' }], sum: ['total_votes'], carry: ['photo_url'] })
    expect(combine.reads!(full as never, 'in')).toEqual({ fields: ['candidate_id', '_kafka.partition', 'total_votes', 'photo_url'] })
  })

  it('requires partBy and sum', () => {
    expect(Value.Check(combine.config, Value.Default(combine.config, { groupBy: ['state'] }))).toBe(false)
  })
})
