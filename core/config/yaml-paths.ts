/** @module Config paths in a parsed YAML document, both ways: where a path sits, the path of a node, the innermost key at an offset. Each costs the depth, not the size, of the document. */
import { isMap, isPair, isScalar, isSeq, visit, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml'
import type { ConfigPath } from './resolve.ts'

export interface PathIndex {
  /** Offset of the key or the value at `path`; of its nearest existing ancestor if it is not in the document. */
  offsetOf(path: ConfigPath, part: 'key' | 'value'): number
  /** The dotted config path of a node (map keys and sequence indexes), given its ancestors as `visit` passes them. */
  pathOf(ancestors: readonly unknown[], node: unknown): string
}

/** Indexes each map's keys and each sequence's items the first time a lookup passes through it. */
export function createPathIndex(doc: Document): PathIndex {
  const keys = new WeakMap<YAMLMap, Map<string, Pair>>()
  const indexes = new WeakMap<YAMLSeq, Map<unknown, number>>()
  const pairOf = (map: YAMLMap, key: string): Pair | undefined => {
    let index = keys.get(map)
    if (!index) {
      index = new Map()
      for (const pair of map.items) if (isScalar(pair.key) && !index.has(String(pair.key.value))) index.set(String(pair.key.value), pair)
      keys.set(map, index)
    }
    return index.get(key)
  }
  const indexIn = (seq: YAMLSeq, item: unknown): number => {
    let index = indexes.get(seq)
    if (!index) {
      index = new Map(seq.items.map((it, i) => [it, i]))
      indexes.set(seq, index)
    }
    return index.get(item) ?? -1
  }
  return {
    offsetOf(path, part) {
      let node: unknown = doc.contents
      let offset = (doc.contents as Node | null)?.range?.[0] ?? 0
      for (let i = 0; i < path.length; i++) {
        const segment = path[i]!
        if (isMap(node)) {
          const pair = pairOf(node, String(segment))
          if (!pair) return offset
          const key = pair.key as Node
          if (i === path.length - 1 && part === 'key') return key.range?.[0] ?? offset
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
    },
    pathOf(ancestors, node) {
      const parts: string[] = []
      const chain = [...ancestors, node]
      for (let i = 0; i < chain.length; i++) {
        const p = chain[i]
        if (isPair(p) && isScalar(p.key)) parts.push(String(p.key.value))
        else if (isSeq(p)) parts.push(String(indexIn(p, chain[i + 1])))
      }
      return parts.join('.')
    },
  }
}

/** The dotted key path of a pair (map keys only), given its ancestors. */
export function keyPath(ancestors: readonly unknown[], pair: unknown): string {
  const parts: string[] = []
  for (const p of [...ancestors, pair]) if (isPair(p) && isScalar(p.key)) parts.push(String(p.key.value))
  return parts.join('.')
}

/** For each offset, the key path of the innermost pair that spans it, or `(root)`; one pass over the document for them all. */
export function pathsAtOffsets(doc: Document, offsets: readonly number[]): string[] {
  const found = offsets.map(() => '(root)')
  const sorted = offsets.map((offset, i) => ({ offset, i })).sort((a, b) => a.offset - b.offset)
  visit(doc, {
    Pair(_, pair, ancestors) {
      const range = (pair.key as Node | null)?.range
      const end = (pair.value as Node | null)?.range?.[2] ?? range?.[1]
      if (!range || end === undefined) return
      let path: string | undefined
      // Pairs come outermost first, so an inner pair overwrites its ancestors' answer.
      for (let k = firstAtOrAfter(sorted, range[0]); k < sorted.length && sorted[k]!.offset <= end; k++) found[sorted[k]!.i] = path ??= keyPath(ancestors, pair)
    },
  })
  return found
}

function firstAtOrAfter(sorted: readonly { offset: number }[], offset: number): number {
  let [lo, hi] = [0, sorted.length]
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (sorted[mid]!.offset < offset) lo = mid + 1
    else hi = mid
  }
  return lo
}
