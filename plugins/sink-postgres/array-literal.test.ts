import { describe, expect, it } from 'vitest'
import { toArrayLiteral } from './array-literal.ts'

describe('array literals', () => {
  it('quotes every element, escapes quotes and backslashes, writes null as NULL', () => {
    expect(toArrayLiteral(['a', 'say "hi"', 'back\\slash', null, '', 'NULL', '{x,y}'])).toBe('{"a","say \\"hi\\"","back\\\\slash",NULL,"","NULL","{x,y}"}')
    expect(toArrayLiteral([])).toBe('{}')
  })
})
