/** @module Loads a TS/JS config module and locates paths in its text, so its problems carry positions too. */
import type { ConfigIssue } from '../errors.ts'
import { hasEnvReference, substituteEnv } from './env.ts'
import type { ConfigPath } from './resolve.ts'
import type { ParsedSource } from './yaml-source.ts'

/** `module` is what importing the file gave (its default export is the config). */
export function parseModuleSource(module: unknown, text: string, file: string, env: Record<string, string | undefined>): ParsedSource {
  const issues: ConfigIssue[] = []
  const locate = (path: ConfigPath) => positionOf(text, locateOffset(text, path))
  const value = (module as { default?: unknown }).default
  if (typeof value !== 'object' || value === null) {
    return { value: undefined, issues: [{ file, line: 1, col: 1, path: '(root)', message: 'a TS config must `export default` the pipeline object (see `defineConfig`)' }], locate }
  }
  const envPaths = new Set<string>()
  const substitute = (node: unknown, path: ConfigPath): unknown => {
    if (typeof node === 'string') {
      if (!hasEnvReference(node)) return node
      const result = substituteEnv(node, env)
      if (result.ok) {
        envPaths.add(path.join('.'))
        return result.value
      }
      issues.push({ file, ...locate(path), path: path.join('.'), message: `environment variable \`${result.missing}\` is not set (set it, or give a default: \${${result.missing}:-value})` })
      return node
    }
    if (Array.isArray(node)) return node.map((item, i) => substitute(item, [...path, i]))
    if (typeof node === 'object' && node !== null) return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, substitute(v, [...path, k])]))
    return node
  }
  return { value: substitute(value, []), issues, locate, envPaths }
}

/** Finds each key of `path` in turn, after the previous one: good enough for the object literals configs are written as. */
function locateOffset(text: string, path: ConfigPath): number {
  let offset = 0
  for (const segment of path) {
    if (typeof segment === 'number') continue
    const escaped = segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    const re = new RegExp(`(?:^|[\\s{,])(['"]?)${escaped}\\1\\s*:`, 'g')
    re.lastIndex = offset
    const match = re.exec(text)
    if (!match) return offset
    offset = match.index + match[0].indexOf(`${match[1]}${segment}`)
  }
  return offset
}

function positionOf(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset)
  const line = before.split('\n').length
  return { line, col: offset - before.lastIndexOf('\n') }
}
