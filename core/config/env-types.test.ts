import { Type } from '@sinclair/typebox'
import { describe, expect, it } from 'vitest'
import { definePlugin, type PluginDefinition } from '../plugin.ts'
import memorySink from '../testing/memory-sink.ts'
import { resolvePipeline } from './resolve.ts'
import { parseYamlSource } from './yaml-source.ts'

const source = definePlugin({
  name: 'typed-source',
  kind: 'source',
  description: 'Options of each type, to see `${VAR}` values take the type their schema gives.',
  config: Type.Object({ count: Type.Integer(), rate: Type.Number(), on: Type.Boolean(), password: Type.String(), label: Type.Optional(Type.String()) }, { additionalProperties: false }),
  create: () => ({ async *read() {} }),
})
const registry = new Map([source, memorySink].map((p) => [p.name, p as PluginDefinition]))

function load(yaml: string, env: Record<string, string>) {
  const parsed = parseYamlSource(yaml, 'c.yaml', env)
  return resolvePipeline(parsed.value, registry, 'c.yaml', parsed.locate, parsed.envPaths)
}

describe('${VAR} values', () => {
  const yaml = [
    'name: t',
    "settings: { tickMs: '${TICK:-50}' }",
    'nodes:',
    '  src:',
    '    use: typed-source',
    '    with:',
    "      count: '${N:-5}'",
    '      rate: ${RATE}',
    '      on: ${ON}',
    "      password: '${PASSWORD}'",
    '      label: v${N:-5}',
    '  out: { use: memory-sink, from: src }',
  ].join('\n')

  it('take the type of the option they fill: numbers and booleans where the schema says so, text where it says text', () => {
    const { issues, spec } = load(yaml, { RATE: '0.85', ON: 'true', PASSWORD: '012345' })
    expect(issues).toEqual([])
    expect(spec!.nodes[0]!.config).toEqual({ count: 5, rate: 0.85, on: true, password: '012345', label: 'v5' })
    expect(spec!.tickMs).toBe(50)
  })

  it('keep an all-digit password as the text it is, and a number-like one unchanged', () => {
    for (const PASSWORD of ['123456', '1e5', '1.50', '-0']) {
      const { spec } = load(yaml, { RATE: '1', ON: 'false', PASSWORD })
      expect(spec!.nodes[0]!.config).toMatchObject({ password: PASSWORD })
    }
  })

  it('report a value that is not of the option\'s type where it is', () => {
    const { issues } = load(yaml, { N: 'many', RATE: '1', ON: 'yes', PASSWORD: 'x' })
    expect(issues.map((i) => `${i.line}:${i.col} ${i.path}`)).toEqual(['7:14 nodes.src.with.count', '9:11 nodes.src.with.on'])
  })
})
