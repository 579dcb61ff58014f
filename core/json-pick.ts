/**
 * @module Decodes only some fields of a JSON text, straight from its UTF-8 bytes.
 *
 * `compileJsonPick(['candidate_id', 'address.state'])` returns a decoder that reads a whole
 * message (every byte is checked, so an invalid text throws exactly what `JSON.parse` throws: on
 * any problem it runs `JSON.parse` on the text and rethrows) but builds only the requested values:
 * `{ candidate_id: '…', address: { state: '…' } }`. Everything else is validated and skipped
 * without making strings or objects (a key spelled with escapes or non-ASCII bytes is decoded to
 * be compared).
 *
 * The result always equals `pick(JSON.parse(bytes.toString('utf8')), paths)`:
 * - a top-level value that is not an object is returned whole (what `JSON.parse` returns);
 * - each path's value is kept, with its intermediate objects recreated (`{ address: { state } }`);
 *   an intermediate that exists and is an object is recreated even when the leaf is absent
 *   (`{ address: {} }`); one that is not an object (a string, an array, null…) is kept whole;
 *   an absent key is absent; keys keep their text order;
 * - `a` and `a.b` together: `a` whole;
 * - duplicate keys: the last one wins, replacing an earlier value whole, in the first one's place;
 * - a key is matched by what it decodes to (`"can\u0064idate_id"` is `candidate_id`); a requested
 *   `__proto__` becomes an own property, as with `JSON.parse`;
 * - values are exact: strings as `JSON.parse` decodes them, numbers as `Number` of their text,
 *   requested objects and arrays by `JSON.parse` of their bytes; invalid UTF-8 decodes to U+FFFD
 *   as `Buffer#toString('utf8')` does.
 *
 * How it is fast: string bodies (most of a message) are scanned 4 bytes at a time through an
 * Int32Array view of the text's ArrayBuffer; a key is first compared with the requested keys
 * starting with its first byte (a match needs no scan); only requested values become strings.
 * Skipping nests without recursion (an explicit stack), so any depth `JSON.parse` accepts is
 * accepted. On a ~830-byte vote message with 5 paths it takes about 0.55x the time of
 * `JSON.parse(buf.toString('utf8'))` (bench/json-pick.micro.mts).
 *
 * Paths are split on `.`, so a key containing a dot cannot be requested. The decoder keeps its
 * scanning state in module variables: it is synchronous and never re-entered. It runs on Node,
 * Bun and Deno (only `Uint8Array` and `Buffer` from `node:buffer`).
 */
import { Buffer } from 'node:buffer'

interface PickKey {
  /** The decoded key. */
  name: string
  /** The key's bytes when they may appear as they are in a JSON key (ASCII from 0x20, not `"` or `\\`), else null. */
  raw: Uint8Array | null
  /** The requested keys below this one, or null: materialise the value whole. */
  child: PickNode | null
  /** `__proto__` must be defined, not assigned (an assignment would set the prototype). */
  proto: boolean
}

interface PickNode {
  keys: PickKey[]
  /** The keys with `raw` bytes by their first byte (`"` for the empty key: its body ends at once). */
  byFirst: (PickKey[] | undefined)[]
  /** Some key is not ASCII: a raw key with bytes >= 0x80 may match it. */
  nonAscii: boolean
}

/** A decoder that materialises only `paths` (dot paths like `candidate_id`, `address.state`) of a JSON text's top-level object. */
export function compileJsonPick(paths: readonly string[]): (bytes: Uint8Array) => unknown {
  const root = buildTree(paths)
  return (bytes) => {
    const input = bytes instanceof Buffer ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    buf = input
    if (input.buffer !== wordsOf) {
      wordsOf = input.buffer
      words = new Int32Array(wordsOf, 0, wordsOf.byteLength >> 2)
    }
    offset = input.byteOffset
    const start = ws(input, 0)
    // Not an object (or not JSON at all): JSON.parse says what it is, or why not.
    if (input[start] !== 0x7b) return JSON.parse(input.toString('utf8'))
    const out = pickObject(input, root, start + 1)
    const end = ws(input, pos)
    if (end !== input.length) fail(end, 'non-whitespace after the top-level object')
    return out
  }
}

function buildTree(paths: readonly string[]): PickNode {
  // Build with maps (`null` = whole), then freeze into arrays for the byte-level lookups.
  type Draft = Map<string, Draft | null>
  const draft: Draft = new Map()
  for (const path of paths) {
    const parts = path.split('.')
    let node = draft
    for (let k = 0; k < parts.length; k++) {
      const part = parts[k]!
      if (k === parts.length - 1) {
        node.set(part, null) // the whole value: drops anything requested below it
        break
      }
      const next = node.get(part)
      if (next === null) break // an ancestor is already requested whole
      if (next === undefined) {
        const created: Draft = new Map()
        node.set(part, created)
        node = created
      } else node = next
    }
  }
  const freeze = (d: Draft): PickNode => {
    const keys: PickKey[] = []
    let nonAscii = false
    for (const [name, sub] of d) {
      if (!/^[\x00-\x7f]*$/.test(name)) nonAscii = true
      const plain = /^[\x20\x21\x23-\x5b\x5d-\x7f]*$/.test(name)
      keys.push({ name, raw: plain ? Uint8Array.from(name, (ch) => ch.charCodeAt(0)) : null, child: sub === null ? null : freeze(sub), proto: name === '__proto__' })
    }
    const byFirst: (PickKey[] | undefined)[] = []
    for (const key of keys) if (key.raw !== null) (byFirst[key.raw.length === 0 ? 0x22 : key.raw[0]!] ??= []).push(key)
    return { keys, byFirst, nonAscii }
  }
  return freeze(draft)
}

// ---- scanning state (see the module comment: synchronous, never re-entered) ----

/** The text being decoded (the hot loops get it as a parameter, `a`: a local is faster than a module variable). */
let buf: Buffer = Buffer.alloc(0)
/**
 * The text's ArrayBuffer as 32-bit words, for scanning string bodies 4 bytes at a time, and where
 * the text starts in it. Messages are usually slices of one large buffer (a fetch response), so
 * the view is made once per buffer, not per message (the last buffer stays referenced until the
 * next call). The word loop only asks whether a word holds a special byte, so byte order does
 * not matter.
 */
let wordsOf: ArrayBufferLike = buf.buffer
let words: Int32Array = new Int32Array(0)
let offset = 0
/** Where the last value read ended (one past its last byte). */
let pos = 0
/** What the last string scanned held: ESCAPED and/or HIGH (a byte >= 0x80). */
let strFlags = 0
/** Whether the last number scanned was a plain integer of at most 15 digits, and then its value. */
let numSimple = false
let numValue = 0
/** Open containers while skipping: OBJ or ARR per depth. Grows as needed. */
let stack = new Uint8Array(64)

const ESCAPED = 1
const HIGH = 2
const OBJ = 1
const ARR = 2

/** Byte classes inside a string: 0 plain ASCII, then the ones that stop the fast loop. */
const PLAIN = 0
const C_HIGH = 1
const C_QUOTE = 2
const C_BACKSLASH = 3
const C_CONTROL = 4
const CLASS = new Uint8Array(256)
for (let c = 0; c < 256; c++) CLASS[c] = c < 0x20 ? C_CONTROL : c === 0x22 ? C_QUOTE : c === 0x5c ? C_BACKSLASH : c >= 0x80 ? C_HIGH : PLAIN

/** Bytes allowed after a backslash (besides `u`). */
const SIMPLE_ESCAPE = new Uint8Array(256)
for (const ch of '"\\/bfnrt') SIMPLE_ESCAPE[ch.charCodeAt(0)] = 1
const HEX = new Uint8Array(256)
for (const ch of '0123456789abcdefABCDEF') HEX[ch.charCodeAt(0)] = 1

/**
 * The text is not valid JSON: throw what JSON.parse throws for it (its message and position).
 * Should JSON.parse accept it, the picker is wrong: say so rather than return something else.
 */
function fail(at: number, what: string): never {
  JSON.parse(buf.toString('utf8'))
  throw new SyntaxError(`json-pick: ${what} at byte ${at}, yet JSON.parse accepts the text (a json-pick bug)`)
}

function ws(a: Uint8Array, i: number): number {
  let c = a[i]
  while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = a[++i]
  return i
}

/** Scans a string body from `i` (just after its opening quote); returns the index of its closing quote and sets `strFlags`. */
function scanString(a: Uint8Array, i: number): number {
  const n = a.length
  const o = offset
  // Plain bytes (ASCII from 0x20, not `"` or `\\`) one by one up to a 4-byte boundary, then whole
  // words of them, then the word that holds a byte that is not: one by one again.
  while (((o + i) & 3) !== 0 && i < n && CLASS[a[i]!] === PLAIN) i++
  if (((o + i) & 3) === 0) {
    const w = words
    let at = (o + i) >> 2
    const last = Math.min((o + n) >> 2, w.length)
    while (at < last) {
      const x = w[at]!
      const m = x & 0x7f7f7f7f
      // Per byte lane, with no carry between lanes (each sum stays below 0x100): bit 7 of
      // m + 0x60 is clear for a byte < 0x20, of (m ^ 0x22) + 0x7f for `"`, of (m ^ 0x5c) + 0x7f for
      // `\\`; x has it set for a byte >= 0x80. Any of these in any lane stops the word loop.
      if ((~((m + 0x60606060) & ((m ^ 0x22222222) + 0x7f7f7f7f) & ((m ^ 0x5c5c5c5c) + 0x7f7f7f7f)) | x) & 0x80808080) break
      at++
    }
    i = (at << 2) - o
    while (i < n && CLASS[a[i]!] === PLAIN) i++
  }
  if (a[i] === 0x22) {
    strFlags = 0
    return i
  }
  return scanStringRest(a, i, 0)
}

/** The rest of `scanString` from a byte that is not plain ASCII: escapes, bytes >= 0x80 and errors. */
function scanStringRest(a: Uint8Array, i: number, flags: number): number {
  const n = a.length
  for (;;) {
    if (i >= n) fail(i, 'unterminated string')
    const k = CLASS[a[i]!]
    if (k === PLAIN) i++
    else if (k === C_QUOTE) break
    else if (k === C_HIGH) {
      flags |= HIGH
      i++
    } else if (k === C_BACKSLASH) {
      flags |= ESCAPED
      const e = a[i + 1]!
      if (e === 0x75) {
        if ((HEX[a[i + 2]!]! & HEX[a[i + 3]!]! & HEX[a[i + 4]!]! & HEX[a[i + 5]!]!) === 0) fail(i, 'bad \\u escape')
        i += 6
      } else if (SIMPLE_ESCAPE[e] === 1) i += 2
      else fail(i, 'bad escape')
    } else fail(i, 'control character in a string')
  }
  strFlags = flags
  return i
}

/** Scans a number starting at `i`; returns the index after it and sets `numSimple`/`numValue`. */
function scanNumber(a: Uint8Array, i: number): number {
  let c = a[i]!
  const negative = c === 0x2d
  if (negative) c = a[++i]!
  const digits = i
  let value = 0
  if (c === 0x30) c = a[++i]!
  else if (c >= 0x31 && c <= 0x39) {
    do {
      value = value * 10 + (c - 0x30)
      c = a[++i]!
    } while (c >= 0x30 && c <= 0x39)
  } else fail(i, 'no digit in a number')
  let simple = i - digits <= 15
  if (c === 0x2e) {
    simple = false
    c = a[++i]!
    if (!(c >= 0x30 && c <= 0x39)) fail(i, 'no digit after a decimal point')
    do c = a[++i]!
    while (c >= 0x30 && c <= 0x39)
  }
  if (c === 0x65 || c === 0x45) {
    simple = false
    c = a[++i]!
    if (c === 0x2b || c === 0x2d) c = a[++i]!
    if (!(c >= 0x30 && c <= 0x39)) fail(i, 'no digit in an exponent')
    do c = a[++i]!
    while (c >= 0x30 && c <= 0x39)
  }
  numSimple = simple
  numValue = negative ? -value : value
  return i
}

/** Checks `true`, `false` or `null` at `i` (its first byte already seen); returns the index after it. */
function scanLiteral(a: Uint8Array, i: number, c: number): number {
  if (c === 0x74) {
    if (a[i + 1] === 0x72 && a[i + 2] === 0x75 && a[i + 3] === 0x65) return i + 4
  } else if (c === 0x66) {
    if (a[i + 1] === 0x61 && a[i + 2] === 0x6c && a[i + 3] === 0x73 && a[i + 4] === 0x65) return i + 5
  } else if (c === 0x6e) {
    if (a[i + 1] === 0x75 && a[i + 2] === 0x6c && a[i + 3] === 0x6c) return i + 4
  }
  return fail(i, 'unexpected byte where a value should start')
}

/** Skips `"key" :` from `i` (whitespace skipped), leaving `i` at the member's value. */
function skipMemberHead(a: Uint8Array, i: number): number {
  if (a[i] !== 0x22) fail(i, 'expected a key')
  i = ws(a, scanString(a, i + 1) + 1)
  if (a[i] !== 0x3a) fail(i, "expected ':'")
  return ws(a, i + 1)
}

/** Validates and skips the value starting at `i` (whitespace skipped); returns the index after it. Nests without recursion. */
function skipValue(a: Uint8Array, i: number): number {
  let depth = 0
  for (;;) {
    // A value starts at i.
    const c = a[i]!
    if (c === 0x22) i = scanString(a, i + 1) + 1
    else if (c === 0x7b || c === 0x5b) {
      const close = c === 0x7b ? 0x7d : 0x5d
      i = ws(a, i + 1)
      if (a[i] === close) i++
      else {
        if (depth === stack.length) {
          const grown = new Uint8Array(stack.length * 2)
          grown.set(stack)
          stack = grown
        }
        stack[depth++] = c === 0x7b ? OBJ : ARR
        if (c === 0x7b) i = skipMemberHead(a, i)
        continue
      }
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) i = scanNumber(a, i)
    else i = scanLiteral(a, i, c)
    // A value ended at i: close what it ends, or go on to the next element.
    for (;;) {
      if (depth === 0) return i
      i = ws(a, i)
      const d = a[i]
      const kind = stack[depth - 1]
      if (d === 0x2c) {
        i = ws(a, i + 1)
        if (kind === OBJ) i = skipMemberHead(a, i)
        break
      }
      if (d === (kind === OBJ ? 0x7d : 0x5d)) {
        depth--
        i++
        continue
      }
      fail(i, "expected ',' or the container's end")
    }
  }
}

/** `Buffer`'s slice methods (Node, Bun and Deno have them; untyped, and `toString(enc, s, e)` is their slower front door). */
interface Slices {
  latin1Slice(start: number, end: number): string
  utf8Slice(start: number, end: number): string
}
const sliceMethods = typeof (Buffer.prototype as Partial<Slices>).latin1Slice === 'function' && typeof (Buffer.prototype as Partial<Slices>).utf8Slice === 'function'

function latin1(s: number, e: number): string {
  return sliceMethods ? (buf as unknown as Slices).latin1Slice(s, e) : buf.toString('latin1', s, e)
}

function utf8(s: number, e: number): string {
  return sliceMethods ? (buf as unknown as Slices).utf8Slice(s, e) : buf.toString('utf8', s, e)
}

/** Decodes the string whose body is `s..e` (flags from its scan). */
function stringAt(s: number, e: number, flags: number): string {
  if (flags === 0) return latin1(s, e)
  // Escapes are rare: JSON.parse decodes the quoted slice exactly as it would in place.
  if (flags & ESCAPED) return JSON.parse(utf8(s - 1, e + 1)) as string
  return utf8(s, e)
}

/** Reads the whole value starting at `i` (whitespace skipped); sets `pos` to its end. */
function readValue(a: Uint8Array, i: number): unknown {
  const c = a[i]!
  if (c === 0x22) {
    const e = scanString(a, i + 1)
    pos = e + 1
    return stringAt(i + 1, e, strFlags)
  }
  if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
    const e = scanNumber(a, i)
    pos = e
    return numSimple ? numValue : Number(latin1(i, e))
  }
  if (c === 0x7b || c === 0x5b) {
    const e = skipValue(a, i)
    pos = e
    return JSON.parse(utf8(i, e))
  }
  const e = scanLiteral(a, i, c)
  pos = e
  return c === 0x74 ? true : c === 0x66 ? false : null
}

/**
 * The requested key whose raw bytes start the key body at `s` and are followed by its closing quote,
 * or null. Such a key is all plain ASCII, so this also validates it: no scan needed.
 */
function quickMatch(a: Uint8Array, node: PickNode, s: number): PickKey | null {
  const keys = node.byFirst[a[s]!]
  if (keys === undefined) return null
  outer: for (let k = 0; k < keys.length; k++) {
    const key = keys[k]!
    const raw = key.raw!
    const len = raw.length
    // The closing quote's place first: it tells most same-initial keys apart at once.
    if (a[s + len] !== 0x22) continue
    for (let j = 1; j < len; j++) if (raw[j] !== a[s + j]) continue outer
    return key
  }
  return null
}

/** The requested key spelled by the key body `s..e` when it has escapes or bytes >= 0x80, or null. */
function slowMatch(node: PickNode, s: number, e: number, flags: number): PickKey | null {
  // Raw bytes >= 0x80 without escapes decode to non-ASCII text: no ASCII key can match.
  if (flags === HIGH && !node.nonAscii) return null
  const name = stringAt(s, e, flags)
  const keys = node.keys
  for (let k = 0; k < keys.length; k++) if (keys[k]!.name === name) return keys[k]!
  return null
}

/** Picks `node`'s keys from the object whose body starts at `i` (just after `{`); sets `pos` to its end. */
function pickObject(a: Uint8Array, node: PickNode, i: number): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  // Whitespace is checked for inline (`c <= 0x20`) first: compact JSON has none.
  let c = a[i]!
  if (c <= 0x20) c = a[(i = ws(a, i))]!
  if (c === 0x7d) {
    pos = i + 1
    return out
  }
  for (;;) {
    if (c !== 0x22) fail(i, 'expected a key')
    const s = i + 1
    let key = quickMatch(a, node, s)
    if (key !== null) i = s + key.raw!.length + 1
    else {
      // Not a requested key spelled plainly: scan it; only one with escapes or non-ASCII may still be one.
      const e = scanString(a, s)
      if (strFlags !== 0) key = slowMatch(node, s, e, strFlags)
      i = e + 1
    }
    c = a[i]!
    if (c !== 0x3a) {
      i = ws(a, i)
      if (a[i] !== 0x3a) fail(i, "expected ':'")
    }
    c = a[++i]!
    if (c <= 0x20) c = a[(i = ws(a, i))]!
    if (key === null) {
      // Skipped: strings and numbers (most values) without the general skipper's set-up.
      if (c === 0x22) i = scanString(a, i + 1) + 1
      else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) i = scanNumber(a, i)
      else i = skipValue(a, i)
    } else {
      const value = key.child !== null && c === 0x7b ? pickObject(a, key.child, i + 1) : readValue(a, i)
      i = pos
      if (key.proto) Object.defineProperty(out, '__proto__', { value, writable: true, enumerable: true, configurable: true })
      else out[key.name] = value
    }
    c = a[i]!
    if (c <= 0x20) c = a[(i = ws(a, i))]!
    if (c === 0x2c) {
      c = a[++i]!
      if (c <= 0x20) c = a[(i = ws(a, i))]!
      continue
    }
    if (c === 0x7d) {
      pos = i + 1
      return out
    }
    fail(i, "expected ',' or '}'")
  }
}
