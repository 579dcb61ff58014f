import { describe, expect, it } from 'vitest'
import { limitHeapGrowth } from './heap-growth.ts'

const onNode = typeof process.versions.bun !== 'string' && !('Deno' in globalThis)

describe('limitHeapGrowth', () => {
  it.runIf(onNode)('sets the growing factor on Node', () => {
    expect(limitHeapGrowth([], '')).toBe(true)
  })

  it('leaves a factor the user chose, as a flag or in NODE_OPTIONS', () => {
    expect(limitHeapGrowth(['--heap-growing-percent=50'], '')).toBe(false)
    expect(limitHeapGrowth([], '--max-old-space-size=512 --heap_growing_percent=80')).toBe(false)
  })
})
