/** @module Column names for event fields: the field's own name when Postgres can hold it, else a deterministic stand-in. Pure. */
import { createHash } from 'node:crypto'

/** Postgres keeps at most 63 bytes of an identifier (NAMEDATALEN - 1) and truncates the rest. */
export const MAX_IDENTIFIER_BYTES = 63

const encoder = new TextEncoder()
const EMPTY = '_empty'

/**
 * The column a top-level event field is stored in. Its own name, unless Postgres cannot hold it or
 * it is one of the table's own columns (`reserved`): then a stand-in that depends on the name
 * alone, so every batch and every process picks the same column. `""` → `_empty`; a name longer
 * than 63 bytes (two such names may share their first 63) or containing NUL → its first bytes, `_`,
 * and 8 hex digits of its SHA-256; a reserved name (and `_empty` itself) → the name, `_`, the digits.
 */
export function columnNameFor(field: string, reserved: ReadonlySet<string> = new Set()): string {
  if (field === '') return EMPTY
  const plain = !field.includes('\u0000') && encoder.encode(field).length <= MAX_IDENTIFIER_BYTES
  if (plain && field !== EMPTY && !reserved.has(field)) return field
  return `${prefixBytes(field.replaceAll('\u0000', ''), MAX_IDENTIFIER_BYTES - 9)}_${digest(field)}`
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8)
}

/** The longest prefix of `text` that fits in `max` UTF-8 bytes, never splitting a character. */
function prefixBytes(text: string, max: number): string {
  let bytes = 0
  let out = ''
  for (const ch of text) {
    bytes += encoder.encode(ch).length
    if (bytes > max) break
    out += ch
  }
  return out
}
