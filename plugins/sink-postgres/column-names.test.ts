import { describe, expect, it } from 'vitest'
import { columnNameFor } from './column-names.ts'

const bytes = (s: string) => new TextEncoder().encode(s).length

describe('column names for event fields', () => {
  it('keeps a name Postgres can hold', () => {
    expect(['voter_id', 'Mixed Case', 'with "quotes"', 'x'.repeat(63)].map((f) => columnNameFor(f))).toEqual(['voter_id', 'Mixed Case', 'with "quotes"', 'x'.repeat(63)])
  })

  it('stores an empty name as `_empty`, and a field really named `_empty` elsewhere', () => {
    expect(columnNameFor('')).toBe('_empty')
    expect(columnNameFor('_empty')).toMatch(/^_empty_[0-9a-f]{8}$/)
  })

  it('gives two long names sharing their first 63 characters different columns of at most 63 bytes, the same every time', () => {
    const a = `${'a'.repeat(63)}-first`
    const b = `${'a'.repeat(63)}-second`
    expect(columnNameFor(a)).not.toBe(columnNameFor(b))
    expect(columnNameFor(a)).toBe(columnNameFor(a))
    expect(columnNameFor(a)).toMatch(new RegExp(`^${'a'.repeat(54)}_[0-9a-f]{8}$`))
    expect(bytes(columnNameFor(a))).toBe(63)
  })

  it('counts bytes, not characters, and never splits a character', () => {
    const name = 'é'.repeat(40)
    expect(bytes(name)).toBe(80)
    expect(columnNameFor(name)).toMatch(new RegExp(`^${'é'.repeat(27)}_[0-9a-f]{8}$`))
  })

  it('moves a name the table uses itself, or one holding NUL, aside', () => {
    expect(columnNameFor('_event_id', new Set(['_event_id']))).toMatch(/^_event_id_[0-9a-f]{8}$/)
    expect(columnNameFor('a\u0000b')).toMatch(/^ab_[0-9a-f]{8}$/)
  })
})
