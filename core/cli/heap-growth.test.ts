import { describe, expect, it } from 'vitest'
import { limitHeapGrowth } from './heap-growth.ts'

const onNode = typeof process.versions.bun !== 'string' && !('Deno' in globalThis)
const large = 4 * 2 ** 30

describe('limitHeapGrowth', () => {
  it.runIf(onNode)('sets the growing factor on Node with a large heap', () => {
    expect(limitHeapGrowth([], '', large)).toBe(true)
  })

  it('leaves V8 alone when the command line sets the factor, or a heap size (flag or NODE_OPTIONS)', () => {
    expect(limitHeapGrowth(['--heap-growing-percent=50'], '', large)).toBe(false)
    expect(limitHeapGrowth(['--max-old-space-size=8192'], '', large)).toBe(false)
    expect(limitHeapGrowth([], '--max_old_space_size=8192', large)).toBe(false)
  })

  it('leaves a small heap to V8, whose own factor is smaller there', () => {
    expect(limitHeapGrowth([], '', 1.5 * 2 ** 30)).toBe(false)
  })
})
