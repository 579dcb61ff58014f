import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { loadConfigFile } from '../../core/config/load-config.ts'
import { createEngine } from '../../core/engine/engine.ts'
import { testTransformConformance } from '../../core/testing/conformance.ts'
import { memoryCollection } from '../../core/testing/memory-sink.ts'
import { builtinPlugins } from '../../plugins/index.ts'
import plugin, { redact } from './index.ts'

testTransformConformance(plugin, { fields: ['email'] })

describe('the README\'s custom plugin example', () => {
  it('masks top-level and nested fields without touching the input', () => {
    const event = { email: 'a@example.com', address: { street: '1 Main Road', city: 'Bath' } }
    expect(redact(event, [['email'], ['address', 'street'], ['missing', 'x']], '***')).toEqual({ email: '***', address: { street: '***', city: 'Bath' } })
    expect(event.address.street).toBe('1 Main Road')
  })

  it('runs in a pipeline loaded from YAML by path', async () => {
    const { spec } = await loadConfigFile(new URL('./pipeline.yaml', import.meta.url).pathname, builtinPlugins)
    const pipeline = createEngine(spec, { log: { info() {}, warn() {}, error() {} } })
    await pipeline.start()
    expect((await pipeline.done).ok).toBe(true)
    const collection = memoryCollection('redacted')
    expect(collection.events).toHaveLength(1000)
    expect(collection.events.every((e) => e.email === '***' && (e.address as { street: string }).street === '***')).toBe(true)
  })

  it('is the code the README shows', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
    const source = readFileSync(new URL('./index.ts', import.meta.url), 'utf8')
    expect(readme).toContain(source.trim())
  })
})
