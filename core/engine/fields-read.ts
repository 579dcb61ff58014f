/** @module Which fields of a stream the nodes downstream read (each plugin's `reads`), so a source may decode only those. */
import type { NodeSpec, PipelineSpec } from './spec.ts'
import { parseStreamRef } from './spec.ts'

/**
 * A lookup of the fields read of `node.port`'s events by every node wired to it, following ports
 * that pass events on unchanged (`through`); sorted, without duplicates. Undefined when any reader
 * may read any field (no `reads` hook, or it answers undefined). Nothing wired: no field is read.
 */
export function fieldsReadOf(spec: PipelineSpec): (node: string, port?: string) => string[] | undefined {
  const readers = new Map<string, { reader: NodeSpec; role: string }[]>()
  for (const reader of spec.nodes) {
    for (const input of reader.inputs) {
      const ref = parseStreamRef(input.from)
      const stream = `${ref.node}\u0000${ref.port}`
      const list = readers.get(stream) ?? []
      list.push({ reader, role: input.role })
      readers.set(stream, list)
    }
  }
  return (node, port = 'out') => {
    const fields = new Set<string>()
    const seen = new Set<string>()
    const pending = [`${node}\u0000${port}`]
    while (pending.length > 0) {
      const stream = pending.pop()!
      if (seen.has(stream)) continue
      seen.add(stream)
      for (const { reader, role } of readers.get(stream) ?? []) {
        const use = reader.plugin.reads?.(reader.config as never, role)
        if (use === undefined) return undefined
        for (const field of use.fields) fields.add(field)
        for (const through of use.through ?? []) pending.push(`${reader.id}\u0000${through}`)
      }
    }
    return [...fields].sort()
  }
}
