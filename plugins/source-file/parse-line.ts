/** @module Turns one JSON Lines line into an event, or into a dead letter saying which line and why: pure. */
import type { Event } from '../../core/plugin.ts'
import type { RawLine } from './line-splitter.ts'

/** What a line that is not an event becomes on the `dead` port. */
export interface DeadLine extends Event {
  reason: 'invalid_utf8' | 'invalid_json' | 'not_an_object' | 'line_too_long'
  detail: string
  path: string
  /** 1-based line number in the file. */
  line: number
  /** Byte offset of the line's first byte. */
  offset: number
  /** The line as read (its first `maxLineBytes` bytes for a line too long; lossy UTF-8 for invalid UTF-8). */
  text: string
}

export type ParsedLine = { event: Event } | { dead: DeadLine } | { blank: true }

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
const lossy = new TextDecoder('utf-8', { ignoreBOM: true })
const BOM = [0xef, 0xbb, 0xbf]

/** Parses line number `line` (1-based) of `path`. Blank lines (only whitespace) are no events. */
export function parseLine(raw: RawLine, line: number, path: string): ParsedLine {
  let bytes = raw.bytes
  if (raw.offset === 0 && BOM.every((b, i) => bytes[i] === b)) bytes = bytes.subarray(3) // a UTF-8 byte order mark starts the file
  const dead = (reason: DeadLine['reason'], detail: string, text = lossy.decode(bytes)) => ({ dead: { reason, detail, path, line, offset: raw.offset, text } })
  if (raw.truncated) return dead('line_too_long', `line ${line} is longer than maxLineBytes (${bytes.length} bytes kept in \`text\`); raise maxLineBytes to read it`)
  let text: string
  try {
    text = strict.decode(bytes)
  } catch (error) {
    return dead('invalid_utf8', `line ${line} is not valid UTF-8 (${error instanceof Error ? error.message : String(error)})`)
  }
  if (text.trim() === '') return { blank: true }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    return dead('invalid_json', `line ${line}: ${error instanceof Error ? error.message : String(error)}`, text)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return dead('not_an_object', `line ${line} is ${Array.isArray(value) ? 'an array' : `a ${value === null ? 'null' : typeof value}`}, not a JSON object (each line must be one object)`, text)
  }
  return { event: value as Event }
}
