/**
 * @module Long strings of checkpoint states kept once: serializing states replaces every string of at
 * least `minChars` by a reference to it by content id, so a plugin that hands the same long strings
 * out at every checkpoint (the voting node's sealed seen-voter chunks) costs their bytes once, not at
 * every save. Pure; the store writes the new blobs before the row that references them.
 */
import { createHash } from 'node:crypto'

/** Strings shorter than this stay inline in the state JSON. */
export const BLOB_MIN_CHARS = 65_536
const MARK = '$tallyBlob'

/** A reference to a blob: an object whose only key is the mark. */
const referenceOf = (value: unknown): string | undefined => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
  const keys = Object.keys(value)
  return keys.length === 1 && keys[0] === MARK ? String((value as Record<string, unknown>)[MARK]) : undefined
}

/** Whether states read from the store reference any blob (only then are the blobs worth reading). */
export function referencesBlobs(states: unknown): boolean {
  if (referenceOf(states) !== undefined) return true
  if (typeof states !== 'object' || states === null) return false
  return Object.values(states).some(referencesBlobs)
}

export interface SerializedStates {
  /** The states as JSON, long strings replaced by `{ "$tallyBlob": id }`. */
  json: string
  /** Blobs the store does not hold yet (to insert before the row). */
  fresh: [id: string, text: string][]
  /** Every blob the JSON references (the store may delete the others once the row is saved). */
  used: string[]
}

export function createBlobIndex(minChars = BLOB_MIN_CHARS) {
  /** Text → id of every blob the store holds (as far as this process knows). */
  let stored = new Map<string, string>()
  return {
    serialize(states: unknown): SerializedStates {
      const fresh = new Map<string, string>()
      const used = new Set<string>()
      const json = JSON.stringify(states, (_key, value: unknown) => {
        if (typeof value !== 'string' || value.length < minChars) return value
        let id = stored.get(value)
        if (id === undefined) {
          id = createHash('sha256').update(value).digest('base64url')
          fresh.set(id, value)
        }
        used.add(id)
        return { [MARK]: id }
      })
      return { json, fresh: [...fresh], used: [...used] }
    },

    /** After the row of `serialized` is saved: the store holds exactly its blobs now. */
    saved(serialized: SerializedStates): void {
      const next = new Map<string, string>()
      const used = new Set(serialized.used)
      for (const [text, id] of stored) if (used.has(id)) next.set(text, id)
      for (const [id, text] of serialized.fresh) next.set(text, id)
      stored = next
    },

    /** Puts the blobs back into states read from the store, and remembers them as stored. */
    resolve(states: unknown, blobs: ReadonlyMap<string, string>): unknown {
      const missing: string[] = []
      const walk = (value: unknown): unknown => {
        if (Array.isArray(value)) return value.map(walk)
        if (typeof value !== 'object' || value === null) return value
        const id = referenceOf(value)
        if (id !== undefined) {
          const text = blobs.get(id)
          if (text === undefined) missing.push(id)
          else stored.set(text, id)
          return text
        }
        const out: Record<string, unknown> = {}
        for (const [key, inner] of Object.entries(value)) out[key] = walk(inner)
        return out
      }
      const resolved = walk(states)
      if (missing.length > 0) throw new Error(`the checkpoint references ${missing.length} stored state part(s) that are gone (${missing.slice(0, 3).join(', ')}); delete the pipeline's checkpoint row to start over`)
      return resolved
    },
  }
}
