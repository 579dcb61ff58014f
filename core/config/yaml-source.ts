/** @module Parses YAML keeping positions: syntax problems, env substitution in scalars, and a locator for any config path. */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml'
import type { ConfigIssue } from '../errors.ts'
import { substituteEnv } from './env.ts'
import type { ConfigPath, Locator } from './resolve.ts'
import { aliasProblem } from './yaml-aliases.ts'

/** How far aliases may expand (yaml's default, stated): aliases inside aliased nodes multiply, so a few lines can expand to billions of values. */
const MAX_ALIAS_COUNT = 100

export interface ParsedSource {
  value: unknown
  issues: ConfigIssue[]
  locate: Locator
}

export function parseYamlSource(text: string, file: string, env: Record<string, string | undefined>): ParsedSource {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true })
  const at = (offset: number) => lineCounter.linePos(offset)
  const issues: ConfigIssue[] = []
  for (const error of doc.errors) {
    const pos = at(error.pos[0])
    const message = error.code === 'DUPLICATE_KEY' ? `duplicate key: ${duplicateName(text, error.pos[0])} is defined twice (node ids and keys must be unique)` : `YAML syntax error: ${error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`
    issues.push({ file, ...pos, path: pathAtOffset(doc, error.pos[0]), message })
  }
  if (issues.length > 0) return { value: undefined, issues, locate: () => ({ line: 1, col: 1 }) }
  const locate: Locator = (path, part) => at(offsetOf(doc, path, part))
  const alias = aliasProblem(doc, MAX_ALIAS_COUNT)
  if (alias) return { value: undefined, issues: [{ file, ...at(alias.alias.range?.[0] ?? 0), path: nodePath(alias.ancestors, alias.alias) || '(root)', message: alias.message }], locate }
  visit(doc, {
    Scalar(key, node, path) {
      if (key === 'key' || typeof node.value !== 'string') return
      const result = substituteEnv(node.value, env)
      if (result.ok) node.value = result.value
      else {
        const pos = at(node.range?.[0] ?? 0)
        issues.push({ file, ...pos, path: nodePath(path, node), message: `environment variable \`${result.missing}\` is not set (set it, or give a default: \${${result.missing}:-value})` })
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

function offsetOf(doc: Document, path: ConfigPath, part: 'key' | 'value'): number {
  let node: unknown = doc.contents
  let offset = (doc.contents as Node | null)?.range?.[0] ?? 0
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!
    const last = i === path.length - 1
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment))
      if (!pair) return offset
      const key = pair.key as Node
      if (last && part === 'key') return key.range?.[0] ?? offset
      node = pair.value
      offset = (pair.value as Node | null)?.range?.[0] ?? key.range?.[0] ?? offset
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined
      if (!item) return offset
      node = item
      offset = item.range?.[0] ?? offset
    } else return offset
  }
  return offset
}

function keyPath(path: readonly unknown[], pair: unknown): string {
  const parts: string[] = []
  for (const p of [...path, pair]) if (isPair(p) && isScalar(p.key)) parts.push(String(p.key.value))
  return parts.join('.')
}

/** The dotted config path of a value node: map keys and sequence indexes down to it. */
function nodePath(path: readonly unknown[], node: unknown): string {
  const parts: string[] = []
  const chain = [...path, node]
  for (let i = 0; i < chain.length; i++) {
    const p = chain[i]
    if (isPair(p) && isScalar(p.key)) parts.push(String(p.key.value))
    else if (isSeq(p)) parts.push(String(p.items.indexOf(chain[i + 1] as never)))
  }
  return parts.join('.')
}

function pathAtOffset(doc: Document, offset: number): string {
  let found = '(root)'
  visit(doc, {
    Pair(_, pair, path) {
      const range = (pair.key as Node | null)?.range
      const end = (pair.value as Node | null)?.range?.[2] ?? range?.[1]
      if (range && end !== undefined && range[0] <= offset && offset <= end) found = keyPath(path, pair)
    },
  })
  return found
}

function duplicateName(text: string, offset: number): string {
  const match = /^[\w-]+/.exec(text.slice(offset))
  return match ? `\`${match[0]}\`` : 'a key'
}
