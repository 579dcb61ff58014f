import { describe, expect, it } from 'vitest'
import { parseLine } from './parse-line.ts'

const raw = (text: string | Uint8Array, offset = 10, truncated = false) => {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text
  return { offset, next: offset + bytes.length + 1, bytes, truncated }
}

describe('parse line', () => {
  it('reads a JSON object as an event', () => {
    expect(parseLine(raw('{"voter_id":"v1","n":[1,2]}'), 3, 'in.jsonl')).toEqual({ event: { voter_id: 'v1', n: [1, 2] } })
  })

  it('dead-letters invalid JSON with its line number, offset and text', () => {
    const parsed = parseLine(raw('{"voter_id":'), 7, 'in.jsonl')
    expect(parsed).toMatchObject({ dead: { reason: 'invalid_json', path: 'in.jsonl', line: 7, offset: 10, text: '{"voter_id":' } })
    expect('dead' in parsed && parsed.dead.detail).toMatch(/^line 7: /)
  })

  it('dead-letters JSON that is not an object, saying what it is', () => {
    for (const [text, what] of [['[1]', 'an array'], ['42', 'a number'], ['"x"', 'a string'], ['null', 'a null']] as const) {
      const parsed = parseLine(raw(text), 2, 'f')
      expect(parsed).toMatchObject({ dead: { reason: 'not_an_object', line: 2, text } })
      expect('dead' in parsed && parsed.dead.detail).toContain(what)
    }
  })

  it('dead-letters invalid UTF-8 and lines too long', () => {
    expect(parseLine(raw(new Uint8Array([0x7b, 0xff, 0x7d])), 1, 'f')).toMatchObject({ dead: { reason: 'invalid_utf8', line: 1, text: '{\uFFFD}' } })
    expect(parseLine(raw('{"a":', 0, true), 4, 'f')).toMatchObject({ dead: { reason: 'line_too_long', line: 4, text: '{"a":' } })
  })

  it('skips blank lines', () => {
    expect(parseLine(raw(''), 1, 'f')).toEqual({ blank: true })
    expect(parseLine(raw(' \t'), 1, 'f')).toEqual({ blank: true })
  })

  it('ignores a byte order mark at the start of the file only', () => {
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('{"a":1}')])
    expect(parseLine(raw(withBom, 0), 1, 'f')).toEqual({ event: { a: 1 } })
    expect(parseLine(raw(withBom, 5), 2, 'f')).toMatchObject({ dead: { reason: 'invalid_json' } })
  })
})
