/** @module Splits a byte stream into lines with their byte offsets: pure, fed chunk by chunk, so a file is never held whole. */

/** One line of input. */
export interface RawLine {
  /** Byte offset of the line's first byte. */
  offset: number
  /** Byte offset just past its newline (past its last byte for a last line without one): where reading resumes after it. */
  next: number
  /** The line without its `\n` and a `\r` before it; only its first `maxLineBytes` bytes when `truncated`. */
  bytes: Uint8Array
  /** The line was longer than `maxLineBytes`. */
  truncated: boolean
}

export interface LineSplitter {
  /** The lines that `chunk` completes. Their `bytes` may be views of `chunk`: use them before the chunk is reused. */
  push(chunk: Uint8Array): RawLine[]
  /** The input ended: the last line if it has no newline (an empty one is no line). */
  end(): RawLine[]
  /** Bytes of an unfinished line held so far (at most `maxLineBytes` + 1). */
  readonly held: number
}

const NEWLINE = 0x0a
const CR = 0x0d

/** Starts splitting at byte `offset` of the input (the start of a line). */
export function createLineSplitter(offset: number, maxLineBytes: number): LineSplitter {
  let parts: Uint8Array[] = []
  let held = 0
  /** The unfinished line had more bytes than could be held. */
  let overflowed = false
  let lineStart = offset
  let consumed = offset

  const hold = (part: Uint8Array, copy: boolean) => {
    const room = maxLineBytes + 1 - held // one more than the limit, for a `\r` before the newline
    if (part.length > room) overflowed = true
    const kept = part.length > room ? part.subarray(0, room) : part
    if (kept.length === 0) return
    parts.push(copy ? kept.slice() : kept)
    held += kept.length
  }

  const take = (next: number): RawLine => {
    let bytes = parts.length === 1 ? parts[0]! : concat(parts, held)
    if (!overflowed && bytes.length > 0 && bytes[bytes.length - 1] === CR) bytes = bytes.subarray(0, bytes.length - 1)
    const truncated = overflowed || bytes.length > maxLineBytes
    const line = { offset: lineStart, next, bytes: truncated ? bytes.subarray(0, maxLineBytes) : bytes, truncated }
    parts = []
    held = 0
    overflowed = false
    lineStart = next
    return line
  }

  return {
    push(chunk) {
      const lines: RawLine[] = []
      const base = consumed
      let from = 0
      for (let nl = chunk.indexOf(NEWLINE); nl !== -1; nl = chunk.indexOf(NEWLINE, from)) {
        hold(chunk.subarray(from, nl), false)
        lines.push(take(base + nl + 1))
        from = nl + 1
      }
      hold(chunk.subarray(from), true) // kept past this call: copied, the reader may reuse its buffer
      consumed = base + chunk.length
      return lines
    },
    end() {
      return consumed > lineStart ? [take(consumed)] : []
    },
    get held() {
      return held
    },
  }
}

function concat(parts: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length)
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.length
  }
  return out
}
