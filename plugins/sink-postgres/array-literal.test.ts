import { describe, expect, it } from 'vitest'
import { columnLiteral, toArrayLiteral } from './array-literal.ts'

describe('array literals', () => {
  it('quotes every element, escapes quotes and backslashes, writes null as NULL', () => {
    expect(toArrayLiteral(['a', 'say "hi"', 'back\\slash', null, '', 'NULL', '{x,y}'])).toBe('{"a","say \\"hi\\"","back\\\\slash",NULL,"","NULL","{x,y}"}')
    expect(toArrayLiteral([])).toBe('{}')
  })

  it('builds a column from items and a reader exactly as toArrayLiteral does, on the fast path and off it', () => {
    const columns: (string | null)[][] = [
      [],
      ['only'],
      [''],
      ['', ''],
      ['a', 'b', 'c'],
      ['{x,y}', 'NULL', ' spaced ', 'Zoë Ørsted 😀', ','],
      ['a', null, 'c'],
      [null],
      ['plain', 'say "hi"'],
      ['back\\slash', 'plain'],
      ['"', '\\', '"\\"'],
    ]
    for (const values of columns) {
      const items = values.map((v) => ({ v }))
      expect(columnLiteral(items, (item) => item.v)).toBe(toArrayLiteral(values))
    }
  })

  it('leaves nothing behind between calls (its scratch array is reused)', () => {
    expect(columnLiteral([1, 2, 3], String)).toBe('{"1","2","3"}')
    expect(columnLiteral([4], String)).toBe('{"4"}')
    expect(columnLiteral([5, 6], (n) => (n === 5 ? null : String(n)))).toBe('{NULL,"6"}')
    expect(columnLiteral([7, 8], String)).toBe('{"7","8"}')
  })
})
