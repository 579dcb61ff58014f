import { Type } from '@sinclair/typebox'
import { describe, expect, it } from 'vitest'
import { definePlugin, type FieldUse, type PluginDefinition } from '../plugin.ts'
import { fieldsReadOf } from './fields-read.ts'
import type { NodeSpec, PipelineSpec } from './spec.ts'

const config = Type.Object({}, { additionalProperties: false })
const source = definePlugin({ name: 'src', kind: 'source', description: '', config, create: () => ({ async *read() {} }) })
const reader = (use: FieldUse | undefined): PluginDefinition => definePlugin({ name: 'reader', kind: 'transform', description: '', config, reads: () => use, create: () => ({ process() {} }) })
const anything = definePlugin({ name: 'anything', kind: 'sink', description: '', config, create: () => ({ write() {} }) })
const retry = { maxAttempts: 1, initialDelayMs: 1, maxDelayMs: 1 }
const node = (id: string, plugin: PluginDefinition, ...from: string[]): NodeSpec => ({ id, plugin, config: {}, inputs: from.map((f) => ({ role: 'in', from: f })), retry })
const spec = (...nodes: NodeSpec[]): PipelineSpec => ({ name: 't', nodes, checkpointIntervalMs: 1000, tickMs: 100, queueCapacity: 8 })

describe('fieldsReadOf', () => {
  it('unites what every reader of a stream reads, sorted and once each', () => {
    const read = fieldsReadOf(spec(node('s', source), node('a', reader({ fields: ['b', 'a.x'] }), 's'), node('b', reader({ fields: ['b', 'c'] }), 's')))
    expect(read('s')).toEqual(['a.x', 'b', 'c'])
  })

  it('is undefined when one reader may read anything: no hook, or the hook cannot say', () => {
    expect(fieldsReadOf(spec(node('s', source), node('a', reader({ fields: ['a'] }), 's'), node('k', anything, 's')))('s')).toBeUndefined()
    expect(fieldsReadOf(spec(node('s', source), node('a', reader(undefined), 's')))('s')).toBeUndefined()
  })

  it('follows ports that pass events on unchanged to whoever reads them', () => {
    const passing = reader({ fields: ['t'], through: ['late'] })
    expect(fieldsReadOf(spec(node('s', source), node('w', passing, 's'), node('x', reader({ fields: ['z'] }), 'w.late')))('s')).toEqual(['t', 'z'])
    expect(fieldsReadOf(spec(node('s', source), node('w', passing, 's'), node('k', anything, 'w.late')))('s')).toBeUndefined()
    // what reads the window's own output (not a passed-on port) reads new events, not the source's
    expect(fieldsReadOf(spec(node('s', source), node('w', passing, 's'), node('k', anything, 'w')))('s')).toEqual(['t'])
  })

  it('reads nothing of a stream nobody is wired to, and only the port asked about', () => {
    const read = fieldsReadOf(spec(node('s', source), node('k', anything, 's.dead')))
    expect(read('s')).toEqual([])
    expect(read('s', 'dead')).toBeUndefined()
  })
})
