/** @module Postgres array literals (`{"a","b",NULL}`) built directly: about twice as fast as letting postgres.js serialize arrays of strings. Pure. */

const NEEDS_ESCAPE = /["\\]/
const ESCAPED = /["\\]/g

/** A text[] literal: every element quoted, `"` and `\` escaped, null as NULL. */
export function toArrayLiteral(values: readonly (string | null)[]): string {
  let out = '{'
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    if (i > 0) out += ','
    if (v === null) out += 'NULL'
    else out += NEEDS_ESCAPE.test(v) ? `"${v.replace(ESCAPED, '\\$&')}"` : `"${v}"`
  }
  return out + '}'
}
