import { describe, expect, it } from 'vitest'
import { parseDocument } from 'yaml'
import { aliasProblem } from './yaml-aliases.ts'

const bomb = (levels: number) =>
  ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]', ...Array.from({ length: levels }, (_, i) => {
    const [from, to] = [String.fromCharCode(97 + i), String.fromCharCode(98 + i)]
    return `${to}: &${to} [${Array(9).fill(`*${from}`).join(', ')}]`
  })].join('\n')

/** The same bomb with one alias a line. */
const blockBomb = (levels: number) => [
  'a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]',
  ...Array.from({ length: levels }, (_, i) => [`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)}`, ...Array<string>(9).fill(`  - *${String.fromCharCode(97 + i)}`)]).flat(),
]

/** Whether `yaml` itself refuses to expand the document. */
function yamlRefuses(text: string, max: number): boolean {
  try {
    parseDocument(text).toJS({ maxAliasCount: max })
    return false
  } catch (error) {
    return error instanceof ReferenceError
  }
}

describe('aliases that cannot be expanded safely', () => {
  it('passes anchors used a few times', () => {
    expect(aliasProblem(parseDocument('base: &r { maxAttempts: 3 }\na: { retry: *r }\nb: { retry: *r }\n'), 100)).toBeUndefined()
  })

  it('names the alias where a billion-laughs document passes the budget: yaml converts the lines before it, not that line', () => {
    const lines = blockBomb(8)
    const problem = aliasProblem(parseDocument(lines.join('\n')), 100)
    expect(problem?.message).toMatch(/^alias `\*c` takes the config past 100 aliased values/)
    const line = lines.join('\n').slice(0, problem!.alias.range![0]).split('\n').length
    expect(lines[line - 1]).toBe('  - *c')
    expect(yamlRefuses(lines.slice(0, line - 1).join('\n'), 100)).toBe(false)
    expect(yamlRefuses(lines.slice(0, line).join('\n'), 100)).toBe(true)
  })

  it('agrees with yaml on where the budget lies', () => {
    for (const levels of [1, 2, 3]) {
      const text = bomb(levels)
      for (const max of [9, 10, 80, 81, 82, 100, 800]) {
        expect(aliasProblem(parseDocument(text), max) !== undefined, `${levels} levels, max ${max}`).toBe(yamlRefuses(text, max))
      }
    }
  })

  it('names an alias whose anchor is not defined before it', () => {
    const problem = aliasProblem(parseDocument('a: *later\nb: &later 1\n'), 100)
    expect(problem?.message).toBe('alias `*later` refers to no anchor (define `&later` before it)')
    expect(problem?.alias.range?.[0]).toBe(3)
  })

  it('names an alias inside the node it refers to', () => {
    expect(aliasProblem(parseDocument('a: &loop { self: *loop }\n'), 100)?.message).toMatch(/^alias `\*loop` is inside the node `&loop` it refers to/)
  })
})
