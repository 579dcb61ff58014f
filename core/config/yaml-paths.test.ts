import { describe, expect, it } from 'vitest'
import { isScalar, parseDocument, visit } from 'yaml'
import { createPathIndex, pathsAtOffsets } from './yaml-paths.ts'

const text = 'name: x\nnodes:\n  a: { use: m, with: { topics: [t1, t2] } }\n  b:\n    use: n\n'

describe('config paths in a YAML document', () => {
  it('finds the key or the value at a path, or the nearest ancestor that exists', () => {
    const index = createPathIndex(parseDocument(text))
    expect(index.offsetOf(['nodes', 'b', 'use'], 'key')).toBe(text.indexOf('use: n'))
    expect(index.offsetOf(['nodes', 'b', 'use'], 'value')).toBe(text.indexOf('n\n'))
    expect(index.offsetOf(['nodes', 'a', 'with', 'topics', 1], 'value')).toBe(text.indexOf('t2'))
    expect(index.offsetOf(['nodes', 'c', 'use'], 'key')).toBe(text.indexOf('a: {'))
  })

  it('gives a node its path through maps and sequences', () => {
    const doc = parseDocument(text)
    const index = createPathIndex(doc)
    const paths: string[] = []
    visit(doc, { Scalar: (key, node, ancestors) => void (key !== 'key' && isScalar(node) && paths.push(index.pathOf(ancestors, node))) })
    expect(paths).toEqual(['name', 'nodes.a.use', 'nodes.a.with.topics.0', 'nodes.a.with.topics.1', 'nodes.b.use'])
  })

  it('names the innermost key that spans each offset, all in one pass', () => {
    const doc = parseDocument(text)
    expect(pathsAtOffsets(doc, [text.indexOf('t2'), 0, text.indexOf('use: n'), text.length + 5])).toEqual(['nodes.a.with.topics', 'name', 'nodes.b.use', '(root)'])
  })
})
