/** @module Parses YAML keeping positions: syntax problems, duplicate keys, unsafe aliases, env substitution in scalars, and a locator for any config path. */
import { isCollection, isMap, isPair, isScalar, LineCounter, parseDocument, type Scalar, type YAMLMap } from 'yaml'
import type { ConfigIssue } from '../errors.ts'
import { hasEnvReference, substituteEnv } from './env.ts'
import type { Locator } from './resolve.ts'
import { aliasProblem } from './yaml-aliases.ts'
import { createPathIndex, keyPath, pathsAtOffsets } from './yaml-paths.ts'

/** How far aliases may expand (yaml's default, stated): aliases inside aliased nodes multiply, so a few lines can expand to billions of values. */
const MAX_ALIAS_COUNT = 100

export interface ParsedSource {
  value: unknown
  issues: ConfigIssue[]
  locate: Locator
  /** Dot paths of the values `${VAR}` substitution made (text, to be typed by their option's schema). */
  envPaths?: ReadonlySet<string>
}

export function parseYamlSource(text: string, file: string, env: Record<string, string | undefined>): ParsedSource {
  const lineCounter = new LineCounter()
  // yaml's own duplicate-key check compares each key with every key before it: quadratic in a map's size.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false })
  const at = (offset: number) => lineCounter.linePos(offset)
  const index = createPathIndex(doc)
  const paths = doc.errors.length > 0 ? pathsAtOffsets(doc, doc.errors.map((e) => e.pos[0])) : []
  const issues: ConfigIssue[] = doc.errors.map((error, i) => ({ file, ...at(error.pos[0]), path: paths[i]!, message: `YAML syntax error: ${error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}` }))
  const unset: ConfigIssue[] = []
  const envPaths = new Set<string>()
  walk(doc.contents, [doc], {
    map(map, ancestors) {
      const seen = new Set<unknown>()
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue
        if (!seen.has(pair.key.value)) seen.add(pair.key.value)
        else issues.push({ file, ...at(pair.key.range?.[0] ?? 0), path: keyPath([...ancestors, map], pair), message: `duplicate key: \`${String(pair.key.value)}\` is defined twice (node ids and keys must be unique)` })
      }
    },
    scalar(scalar, ancestors) {
      if (typeof scalar.value !== 'string') return
      if (!hasEnvReference(scalar.value)) return
      const result = substituteEnv(scalar.value, env)
      if (result.ok) {
        scalar.value = result.value
        envPaths.add(index.pathOf(ancestors, scalar))
      } else unset.push({ file, ...at(scalar.range?.[0] ?? 0), path: index.pathOf(ancestors, scalar), message: `environment variable \`${result.missing}\` is not set (set it, or give a default: \${${result.missing}:-value})` })
    },
  })
  if (issues.length > 0) return { value: undefined, issues: issues.sort((a, b) => a.line - b.line || a.col - b.col), locate: () => ({ line: 1, col: 1 }) }
  const locate: Locator = (path, part) => at(index.offsetOf(path, part))
  // Every alias starts with `*`; without one in the text there is nothing to count.
  const alias = text.includes('*') ? aliasProblem(doc, MAX_ALIAS_COUNT) : undefined
  if (alias) return { value: undefined, issues: [{ file, ...at(alias.alias.range?.[0] ?? 0), path: index.pathOf(alias.ancestors, alias.alias) || '(root)', message: alias.message }], locate }
  try {
    return { value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), issues: unset, locate, envPaths }
  } catch (error) {
    // aliasProblem finds what toJS refuses, with its position; this is the net under it.
    const reason = error instanceof Error ? error.message : String(error)
    return { value: undefined, issues: [...unset, { file, line: 1, col: 1, path: '(root)', message: `cannot expand the YAML: ${reason}` }], locate }
  }
}

/**
 * Calls `map` for every map and `scalar` for every scalar but map keys, each with its ancestors as
 * yaml's `visit` gives them, in a stack shared between calls (copy it to keep it). `visit` would do,
 * but it allocates a frozen ancestors array per pair and collection, most of a large config's walk.
 */
function walk(node: unknown, ancestors: unknown[], on: { map(map: YAMLMap, ancestors: unknown[]): void; scalar(scalar: Scalar, ancestors: unknown[]): void }): void {
  if (isScalar(node)) return on.scalar(node, ancestors)
  if (!isCollection(node)) return
  if (isMap(node)) on.map(node, ancestors)
  ancestors.push(node)
  for (const item of node.items) {
    if (isPair(item)) {
      ancestors.push(item)
      if (!isScalar(item.key)) walk(item.key, ancestors, on)
      walk(item.value, ancestors, on)
      ancestors.pop()
    } else walk(item, ancestors, on)
  }
  ancestors.pop()
}
