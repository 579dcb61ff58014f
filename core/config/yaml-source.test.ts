import { describe, expect, it } from 'vitest'
import { parseYamlSource } from './yaml-source.ts'

describe('YAML sources', () => {
  it('substitutes variables in map values and list items, never in keys', () => {
    const text = 'name: x\ntopics: ["${P:-dev_}votes", plain]\n${K}: 1\nport: ${PORT:-8501}\n'
    const { value, issues } = parseYamlSource(text, 'c.yaml', { P: 'test_' })
    expect(issues).toEqual([])
    expect(value).toEqual({ name: 'x', topics: ['test_votes', 'plain'], '${K}': 1, port: '8501' })
  })

  it('reports a missing variable inside a list with its position and path', () => {
    const { issues } = parseYamlSource('nodes:\n  a:\n    topics:\n      - ok\n      - ${MISSING}\n', 'c.yaml', {})
    expect(issues).toEqual([{ file: 'c.yaml', line: 5, col: 9, path: 'nodes.a.topics.1', message: 'environment variable `MISSING` is not set (set it, or give a default: ${MISSING:-value})' }])
  })

  it('locates keys and values for messages', () => {
    const { locate } = parseYamlSource('nodes:\n  db:\n    with: { url: x }\n', 'c.yaml', {})
    expect(locate(['nodes', 'db', 'with', 'url'], 'key')).toEqual({ line: 3, col: 13 })
    expect(locate(['nodes', 'db', 'with', 'url'], 'value')).toEqual({ line: 3, col: 18 })
  })

  it('reports every repeated key, in block and flow maps, by name and path', () => {
    const { value, issues } = parseYamlSource('nodes:\n  a: { use: x, use: y }\n  "b c": 1\n  "b c": 2\n1: one\n"1": not the same key\n', 'c.yaml', {})
    expect(value).toBeUndefined()
    expect(issues).toEqual([
      { file: 'c.yaml', line: 2, col: 16, path: 'nodes.a.use', message: 'duplicate key: `use` is defined twice (node ids and keys must be unique)' },
      { file: 'c.yaml', line: 4, col: 3, path: 'nodes.b c', message: 'duplicate key: `b c` is defined twice (node ids and keys must be unique)' },
    ])
  })

  it('reports an alias bomb at the alias, not after expanding it', () => {
    const levels = 'abcdefgh'.split('').map((x, i) => `${'bcdefghi'[i]}: &${'bcdefghi'[i]} [${Array(9).fill(`*${x}`).join(', ')}]`)
    const { value, issues } = parseYamlSource(['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]', ...levels].join('\n'), 'c.yaml', {})
    expect(value).toBeUndefined()
    expect(issues).toMatchObject([{ line: 4, col: 8, path: 'd.0', message: expect.stringMatching(/^alias `\*c` takes the config past 100 aliased values/) }])
  })
})
