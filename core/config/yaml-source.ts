/** @module Parses YAML keeping positions: syntax problems, duplicate keys, unsafe aliases, env substitution in scalars, and a locator for any config path. */
import { isScalar, LineCounter, parseDocument, visit, type Document } from 'yaml'
import type { ConfigIssue } from '../errors.ts'
import { substituteEnv } from './env.ts'
import type { Locator } from './resolve.ts'
import { aliasProblem } from './yaml-aliases.ts'
import { createPathIndex, keyPath, pathsAtOffsets } from './yaml-paths.ts'

/** How far aliases may expand (yaml's default, stated): aliases inside aliased nodes multiply, so a few lines can expand to billions of values. */
const MAX_ALIAS_COUNT = 100

export interface ParsedSource {
  value: unknown
  issues: ConfigIssue[]
  locate: Locator
}

export function parseYamlSource(text: string, file: string, env: Record<string, string | undefined>): ParsedSource {
  const lineCounter = new LineCounter()
  // yaml's own duplicate-key check compares each key with every key before it: quadratic in a map's size.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false })
  const at = (offset: number) => lineCounter.linePos(offset)
  const paths = doc.errors.length > 0 ? pathsAtOffsets(doc, doc.errors.map((e) => e.pos[0])) : []
  const issues: ConfigIssue[] = doc.errors.map((error, i) => ({ file, ...at(error.pos[0]), path: paths[i]!, message: `YAML syntax error: ${error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}` }))
  for (const { offset, path, key } of duplicateKeys(doc)) issues.push({ file, ...at(offset), path, message: `duplicate key: \`${key}\` is defined twice (node ids and keys must be unique)` })
  if (issues.length > 0) return { value: undefined, issues, locate: () => ({ line: 1, col: 1 }) }
  const index = createPathIndex(doc)
  const locate: Locator = (path, part) => at(index.offsetOf(path, part))
  // Every alias starts with `*`; without one in the text there is nothing to count.
  const alias = text.includes('*') ? aliasProblem(doc, MAX_ALIAS_COUNT) : undefined
  if (alias) return { value: undefined, issues: [{ file, ...at(alias.alias.range?.[0] ?? 0), path: index.pathOf(alias.ancestors, alias.alias) || '(root)', message: alias.message }], locate }
  visit(doc, {
    Scalar(key, node, path) {
      if (key === 'key' || typeof node.value !== 'string') return
      const result = substituteEnv(node.value, env)
      if (result.ok) node.value = result.value
      else {
        const pos = at(node.range?.[0] ?? 0)
        issues.push({ file, ...pos, path: index.pathOf(path, node), message: `environment variable \`${result.missing}\` is not set (set it, or give a default: \${${result.missing}:-value})` })
      }
    },
  })
  try {
    return { value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), issues, locate }
  } catch (error) {
    // aliasProblem finds what toJS refuses, with its position; this is the net under it.
    const reason = error instanceof Error ? error.message : String(error)
    return { value: undefined, issues: [...issues, { file, line: 1, col: 1, path: '(root)', message: `cannot expand the YAML: ${reason}` }], locate }
  }
}

/** Scalar keys that repeat an earlier key of the same map (as yaml's `uniqueKeys` finds them, with a set per map), in file order. */
function duplicateKeys(doc: Document): { offset: number; path: string; key: string }[] {
  const found: { offset: number; path: string; key: string }[] = []
  visit(doc, {
    Map(_, map, ancestors) {
      const seen = new Set<unknown>()
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue
        if (seen.has(pair.key.value)) found.push({ offset: pair.key.range?.[0] ?? 0, path: keyPath([...ancestors, map], pair), key: String(pair.key.value) })
        else seen.add(pair.key.value)
      }
    },
  })
  return found.sort((a, b) => a.offset - b.offset)
}
