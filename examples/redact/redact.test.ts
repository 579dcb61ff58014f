import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { run } from 'tally'
import { memoryCollection, testTransformConformance } from 'tally/testing'
import plugin, { redact } from './index.ts'

testTransformConformance(plugin, { fields: ['email'] })

describe('the README\'s custom plugin example', () => {
  it('masks top-level and nested fields without touching the input', () => {
    const event = { email: 'a@example.com', address: { street: '1 Main Road', city: 'Bath' } }
    expect(redact(event, [['email'], ['address', 'street'], ['missing', 'x']], '***')).toEqual({ email: '***', address: { street: '***', city: 'Bath' } })
    expect(event.address.street).toBe('1 Main Road')
  })

  it('runs in a pipeline loaded from YAML by path', async () => {
    const result = await run(new URL('./pipeline.yaml', import.meta.url).pathname, { log: { info() {}, warn() {}, error() {} } })
    expect(result.ok).toBe(true)
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
