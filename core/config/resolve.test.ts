import { Type } from '@sinclair/typebox'
import { describe, expect, it } from 'vitest'
import { definePlugin, type PluginDefinition } from '../plugin.ts'
import memorySink from '../testing/memory-sink.ts'
import memorySource from '../testing/memory-source.ts'
import { resolvePipeline } from './resolve.ts'

const passthrough = definePlugin({
  name: 'passthrough',
  kind: 'transform',
  description: 'Passes events through.',
  config: Type.Object({}, { additionalProperties: false }),
  create: () => ({ process: (events, _input, emit) => emit(events) }),
})
const registry = new Map([memorySource, memorySink, passthrough].map((p) => [p.name, p as PluginDefinition]))
const resolve = (nodes: Record<string, unknown>) => resolvePipeline({ name: 't', nodes }, registry, 'c.yaml', () => ({ line: 1, col: 1 }))

/** src → p0 → … → p(n-1) → out, written sink first, so checking it walks the whole chain from its end. */
function chainSinkFirst(n: number, firstInput = 'src'): Record<string, unknown> {
  const nodes: Record<string, unknown> = { out: { use: 'memory-sink', from: `p${n - 1}` } }
  for (let i = n - 1; i >= 0; i--) nodes[`p${i}`] = { use: 'passthrough', from: i === 0 ? firstInput : `p${i - 1}` }
  nodes.src = { use: 'memory-source' }
  return nodes
}

describe('resolving a pipeline', () => {
  it('checks a chain of 20,000 nodes written sink first (the cycle search keeps its own stack)', () => {
    const { spec, issues } = resolve(chainSinkFirst(20_000))
    expect(issues).toEqual([])
    expect(spec?.nodes).toHaveLength(20_002)
  })

  it('finds a cycle closed at the far end of a long chain', () => {
    const { issues } = resolve(chainSinkFirst(20_000, 'p19999'))
    expect(issues).toHaveLength(1)
    expect(issues[0]!.path).toBe('nodes.p19999.from')
    expect(issues[0]!.message).toMatch(/^cycle: p19999 → p0 → p1 → .* → p19998 → p19999 \(a node cannot consume its own output/)
  })

  it('suggests the renamed node to each of its readers, never a node to itself', () => {
    const { issues } = resolve({
      numbers: { use: 'memory-source' },
      a: { use: 'memory-sink', from: 'numbrs' },
      b: { use: 'memory-sink', from: 'numbrs' },
      tally: { use: 'memory-sink', from: 'tallx' },
      other: { use: 'memory-sink', from: 'tallx' },
    })
    expect(issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'nodes.a.from: unknown input `numbrs` (did you mean `numbers`?)',
      'nodes.b.from: unknown input `numbrs` (did you mean `numbers`?)',
      'nodes.tally.from: unknown input `tallx`',
      'nodes.other.from: unknown input `tallx` (did you mean `tally`?)',
    ])
  })
})
