import { describe, expect, it } from 'vitest'
import { toJsonLines } from './json-lines.ts'

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes)

describe('JSON Lines encoding', () => {
  it('writes one line per event, newlines inside strings escaped', () => {
    const { bytes, lines } = toJsonLines([{ a: 1 }, { text: 'two\nlines\r\n', nested: { ok: true } }])
    expect(text(bytes)).toBe('{"a":1}\n{"text":"two\\nlines\\r\\n","nested":{"ok":true}}\n')
    expect(lines).toBe(2)
  })

  it('counts bytes of multi-byte characters, and keeps lone surrogates readable', () => {
    const { bytes } = toJsonLines([{ s: 'é€😀' }, { s: '\ud800' }])
    expect(bytes.length).toBe(new TextEncoder().encode('{"s":"é€😀"}\n{"s":"\\ud800"}\n').length)
    expect(text(bytes).split('\n').slice(0, 2).map((l) => JSON.parse(l))).toEqual([{ s: 'é€😀' }, { s: '\ud800' }])
  })

  it('sets apart events JSON cannot encode, saying why', () => {
    const cyclic: Record<string, unknown> = { id: 3 }
    cyclic.self = cyclic
    const { bytes, dead } = toJsonLines([{ id: 1, n: 10n }, { id: 2 }, cyclic])
    expect(text(bytes)).toBe('{"id":2}\n')
    expect(dead).toMatchObject([
      { reason: 'not_json_encodable', event: '{ id: 1, n: 10n }' },
      { reason: 'not_json_encodable', event: '{ id: 3, self: {…} }' },
    ])
    expect(dead[0]!.detail).toMatch(/BigInt/)
  })

  it('gives nothing for no events', () => {
    expect(toJsonLines([])).toEqual({ bytes: new Uint8Array(), lines: 0, dead: [] })
  })
})
