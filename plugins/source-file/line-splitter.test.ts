import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createLineSplitter, type RawLine } from './line-splitter.ts'

const bytes = (text: string) => new TextEncoder().encode(text)
const text = (line: RawLine) => new TextDecoder().decode(line.bytes)
const split = (input: Uint8Array, cuts: number[], max = 1000, start = 0) => {
  const splitter = createLineSplitter(start, max)
  const lines: RawLine[] = []
  let from = 0
  for (const cut of [...cuts.filter((c) => c < input.length)].sort((a, b) => a - b).concat(input.length)) {
    lines.push(...splitter.push(input.slice(from, cut)).map((l) => ({ ...l, bytes: l.bytes.slice() })))
    from = cut
  }
  return [...lines, ...splitter.end()]
}

describe('line splitter', () => {
  it('gives each line with the byte offset of its start and of the next line', () => {
    const lines = split(bytes('{"a":1}\n{"b":22}\n'), [])
    expect(lines.map((l) => [text(l), l.offset, l.next])).toEqual([['{"a":1}', 0, 8], ['{"b":22}', 8, 17]])
  })

  it('drops the carriage return of CRLF line ends', () => {
    expect(split(bytes('a\r\nb\r\n'), []).map(text)).toEqual(['a', 'b'])
  })

  it('gives a last line without newline at the end of input, ending at the last byte', () => {
    const lines = split(bytes('a\nlast'), [])
    expect(lines.map((l) => [text(l), l.next])).toEqual([['a', 2], ['last', 6]])
    expect(split(bytes('a\n'), [])).toHaveLength(1)
  })

  it('counts offsets in bytes, not characters', () => {
    expect(split(bytes('"é€"\nx\n'), []).map((l) => l.offset)).toEqual([0, 8])
  })

  it('starts counting at the offset it resumes from', () => {
    expect(split(bytes('b\nc\n'), [], 1000, 40).map((l) => [l.offset, l.next])).toEqual([[40, 42], [42, 44]])
  })

  it('joins lines cut across chunks, wherever the cuts fall (multi-byte characters and CRLF included)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme' }).map((s) => s.replace(/[\r\n]/g, '')), { maxLength: 8 }), fc.boolean(), fc.array(fc.nat(200)), (lines, crlf, cuts) => {
        const input = bytes(lines.map((l) => l + (crlf ? '\r\n' : '\n')).join(''))
        const whole = split(input, [])
        expect(whole.map(text)).toEqual(lines)
        expect(split(input, cuts)).toEqual(whole)
      }),
    )
  })

  it('marks a line longer than maxLineBytes and keeps only its start, wherever chunks are cut', () => {
    const input = bytes('short\n0123456789abc\r\nok\n')
    for (const cuts of [[], [3, 9, 15], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]]) {
      const lines = split(input, cuts, 8)
      expect(lines.map((l) => [text(l), l.truncated, l.next])).toEqual([['short', false, 6], ['01234567', true, 21], ['ok', false, 24]])
    }
  })

  it('accepts a line of exactly maxLineBytes, with or without CR', () => {
    expect(split(bytes('12345678\r\n12345678\n'), [9], 8).map((l) => l.truncated)).toEqual([false, false])
  })

  it('holds at most maxLineBytes + 1 bytes of a runaway line', () => {
    const splitter = createLineSplitter(0, 10)
    for (let i = 0; i < 100; i++) splitter.push(new Uint8Array(1000).fill(0x61))
    expect(splitter.held).toBe(11)
    expect(splitter.end()[0]).toMatchObject({ offset: 0, next: 100_000, truncated: true })
  })
})
