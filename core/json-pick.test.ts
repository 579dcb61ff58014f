import { Buffer } from 'node:buffer'
import { describe, expect, it } from 'vitest'
import { compileJsonPick } from './json-pick.ts'

// ---- the reference: JSON.parse, then keep the requested paths ----

type Tree = Map<string, Tree | null> // null: the whole value

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** `value` with only `paths` kept (see core/json-pick.ts for the rules); a non-object is returned as it is. */
function pick(value: unknown, paths: readonly string[]): unknown {
  if (!isObject(value)) return value
  const tree: Tree = new Map()
  for (const path of paths) {
    const parts = path.split('.')
    let node: Tree | null = tree
    for (let k = 0; k < parts.length && node !== null; k++) {
      const part = parts[k]!
      if (k === parts.length - 1) node.set(part, null)
      else {
        if (!node.has(part)) node.set(part, new Map())
        node = node.get(part)!
      }
    }
  }
  const keep = (object: Record<string, unknown>, node: Tree): Record<string, unknown> => {
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(object)) {
      if (!node.has(key)) continue
      const sub = node.get(key)!
      const v = object[key]
      Object.defineProperty(out, key, { value: sub === null || !isObject(v) ? v : keep(v, sub), writable: true, enumerable: true, configurable: true })
    }
    return out
  }
  return keep(value, tree)
}

/** Strict structural equality: same types, same prototypes, same keys in the same order, Object.is for primitives. */
function same(x: unknown, y: unknown): boolean {
  if (typeof x !== 'object' || x === null || typeof y !== 'object' || y === null) return Object.is(x, y)
  if (Array.isArray(x) !== Array.isArray(y) || Object.getPrototypeOf(x) !== Object.getPrototypeOf(y)) return false
  const kx = Reflect.ownKeys(x)
  const ky = Reflect.ownKeys(y)
  if (kx.length !== ky.length) return false
  for (let k = 0; k < kx.length; k++) {
    if (kx[k] !== ky[k]) return false
    if (!same((x as Record<PropertyKey, unknown>)[kx[k]!], (y as Record<PropertyKey, unknown>)[ky[k]!])) return false
  }
  return true
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown }

function attempt(run: () => unknown): Outcome {
  try {
    return { ok: true, value: run() }
  } catch (error) {
    return { ok: false, error }
  }
}

/** What the picker does with `bytes` compared with the reference: undefined when they agree, else why not. */
function disagreement(bytes: Uint8Array, paths: readonly string[], picker = compileJsonPick(paths)): string | undefined {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')
  const want = attempt(() => pick(JSON.parse(text), paths))
  const got = attempt(() => picker(bytes))
  const describe = () => `text ${JSON.stringify(text)}, paths ${JSON.stringify(paths)}`
  if (want.ok && got.ok) return same(got.value, want.value) ? undefined : `${describe()}: got ${JSON.stringify(got.value)}, want ${JSON.stringify(want.value)}`
  if (want.ok) return `${describe()}: threw ${String((got as { error: unknown }).error)}, want ${JSON.stringify(want.value)}`
  if (got.ok) return `${describe()}: returned ${JSON.stringify(got.value)}, want a throw of ${String(want.error)}`
  const [g, w] = [got.error as Error, want.error as Error]
  if (g.constructor !== w.constructor || g.message !== w.message) return `${describe()}: threw ${g.name}: ${g.message}, want ${w.name}: ${w.message}`
  return undefined
}

function check(text: string | Uint8Array, paths: readonly string[]): void {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text
  expect(disagreement(bytes, paths)).toBeUndefined()
}

/** The picker's result (it must also be the reference's). */
function picked(text: string, paths: readonly string[]): unknown {
  check(text, paths)
  return compileJsonPick(paths)(Buffer.from(text))
}

const PATH_SETS: readonly (readonly string[])[] = [[], ['a'], ['a.b'], ['b', 'a.b.c'], ['a', 'a.b'], ['x', 'y', 'z']]

// ---- a realistic vote message (docs/data-contracts.md, votes_topic) ----

const vote = {
  voter_id: 'b2c4e6f8-0000-4000-8000-000000000001',
  voter_name: 'Zoë O\'Neil-Müller',
  date_of_birth: '1990-12-10T00:00:00.000Z',
  gender: 'female',
  nationality: 'GB',
  registration_number: 'AB123456C',
  address: { street: '12 Station Road', city: 'Canterbury', state: 'Kent', country: 'United Kingdom', postcode: 'CT1 2AB' },
  email: 'zoe.oneil@example.com',
  phone_number: '017684 12345',
  cell_number: '07700 900123',
  picture: 'https://randomuser.me/api/portraits/women/1.jpg',
  registered_age: 7,
  candidate_id: 'c0ffee00-0000-4000-8000-000000000001',
  candidate_name: 'Grace Hopper',
  party_affiliation: 'Management Party',
  biography: 'A brief bio of the candidate: "born in New York", likes\tcompilers.',
  campaign_platform: 'Key campaign promises or platform.',
  photo_url: 'https://randomuser.me/api/portraits/women/2.jpg',
  voting_time: '2026-01-01 12:00:00',
  vote: 1,
}
const VOTE_PATHS = ['candidate_id', 'candidate_name', 'party_affiliation', 'photo_url', 'address.state']

describe('compileJsonPick', () => {
  it('picks the five fields the election pipeline reads from a vote message', () => {
    const text = JSON.stringify(vote)
    expect(Buffer.byteLength(text)).toBeGreaterThan(700)
    expect(picked(text, VOTE_PATHS)).toEqual({
      address: { state: 'Kent' },
      candidate_id: 'c0ffee00-0000-4000-8000-000000000001',
      candidate_name: 'Grace Hopper',
      party_affiliation: 'Management Party',
      photo_url: 'https://randomuser.me/api/portraits/women/2.jpg',
    })
    expect(picked(JSON.stringify(vote, null, 2), VOTE_PATHS)).toEqual(picked(text, VOTE_PATHS))
    expect(picked(text, ['voter_name', 'biography', 'vote', 'address'])).toEqual({ voter_name: vote.voter_name, biography: vote.biography, vote: 1, address: vote.address })
    expect(picked(text, [])).toEqual({})
  })

  it('returns a top-level value that is not an object as JSON.parse does', () => {
    for (const text of ['[1,2,{"a":1}]', '"str"', '42', '-0', 'null', 'true', 'false', ' [ ] ', '\t"\\u00e9"\n', '1e400']) {
      for (const paths of PATH_SETS) check(text, paths)
      expect(picked(text, ['a'])).toEqual(JSON.parse(text))
    }
  })

  it('recreates intermediate objects, keeps a non-object prefix whole and leaves absent keys out', () => {
    expect(picked('{"address":{"city":"X","state":"Kent"},"b":1}', ['address.state'])).toEqual({ address: { state: 'Kent' } })
    expect(picked('{"a":{"b":{"c":1,"d":2},"e":3}}', ['a.b.c', 'a.e'])).toEqual({ a: { b: { c: 1 }, e: 3 } })
    for (const prefix of ['"Kent"', '["Kent"]', '[]', 'null', '7', 'true', '{}']) {
      const text = `{"address":${prefix},"other":1}`
      expect(picked(text, ['address.state'])).toEqual({ address: JSON.parse(prefix) })
    }
    expect(picked('{"address":{"city":"X"}}', ['address.state'])).toEqual({ address: {} })
    expect(picked('{"b":1}', ['a', 'a.b', 'c.d'])).toEqual({})
    expect(picked('{}', ['a'])).toEqual({})
    // `a` and `a.b` together, in either order: `a` whole.
    expect(picked('{"a":{"b":1,"c":2}}', ['a', 'a.b'])).toEqual({ a: { b: 1, c: 2 } })
    expect(picked('{"a":{"b":1,"c":2}}', ['a.b', 'a'])).toEqual({ a: { b: 1, c: 2 } })
    expect(picked('{"a":{"b":1,"c":2}}', ['a.b', 'a.b.c'])).toEqual({ a: { b: 1 } })
    // Paths with empty parts name the empty key.
    expect(picked('{"":{"":1,"x":2},"a":{"":3}}', ['.', 'a.'])).toEqual({ '': { '': 1 }, a: { '': 3 } })
  })

  it('lets the last of duplicate keys win, replacing an earlier value whole, in the first place', () => {
    expect(picked('{"a":1,"b":2,"a":3}', ['a', 'b'])).toEqual({ a: 3, b: 2 })
    expect(JSON.stringify(picked('{"a":1,"b":2,"a":3}', ['a', 'b']))).toBe('{"a":3,"b":2}')
    expect(picked('{"a":{"b":1,"c":2},"a":{"c":3}}', ['a.b'])).toEqual({ a: {} })
    expect(picked('{"a":{"b":1},"a":"x"}', ['a.b'])).toEqual({ a: 'x' })
    expect(picked('{"a":"x","a":{"b":1,"c":2}}', ['a.b'])).toEqual({ a: { b: 1 } })
    expect(picked('{"a":{"b":1,"b":{"c":2}},"z":0}', ['a.b.c'])).toEqual({ a: { b: { c: 2 } } })
    expect(picked('{"can\\u0064idate_id":1,"candidate_id":2}', ['candidate_id'])).toEqual({ candidate_id: 2 })
  })

  it('keeps the text order of keys, integer-like keys first as in any object', () => {
    const text = '{"z":1,"b":{"y":1,"x":2},"10":3,"a":4,"2":5}'
    expect(JSON.stringify(picked(text, ['a', 'z', 'b.x', 'b.y', '10', '2']))).toBe('{"2":5,"10":3,"z":1,"b":{"y":1,"x":2},"a":4}')
  })

  it('decodes strings exactly as JSON.parse: escapes, surrogate pairs, raw UTF-8', () => {
    const strings = [
      '"plain"',
      '""',
      '"\\n\\t\\r\\b\\f\\/\\\\\\""',
      '"\\u00e9\\u00C9\\u4e2d"',
      '"\\ud83d\\ude00 and \\uD83D\\uDE00"',
      '"lone \\ud800 and \\udc00 surrogates"',
      '"é中😀 raw"',
      '"\\u0000\\u001f"',
      '"\u007f DEL is allowed raw"',
      `"${'long plain ascii '.repeat(20)}"`,
      `"${'long with é '.repeat(20)}"`,
    ]
    for (const s of strings) {
      expect(picked(`{"a":${s}}`, ['a'])).toEqual({ a: JSON.parse(s) })
      check(`{"x":${s},"a":${s}}`, ['a'])
      check(`[${s}]`, ['a'])
    }
  })

  it('decodes invalid UTF-8 as Buffer#toString does (U+FFFD), inside picked and skipped strings', () => {
    const invalid = [[0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0x80], [0xf4, 0x90, 0x80, 0x80], [0xf0, 0x9f, 0x98]]
    for (const seq of invalid) {
      for (const [before, after] of [['', ''], ['ab', 'cd'], ['é', ''], ['', '\\n']]) {
        const bytes = Buffer.concat([Buffer.from(`{"x":"${before}`), Buffer.from(seq), Buffer.from(`${after}","a":"${before}`), Buffer.from(seq), Buffer.from(`${after}"}`)])
        check(bytes, ['a'])
        check(bytes, ['x', 'a'])
        check(bytes, [])
      }
      // Outside strings, any byte >= 0x80 is an error.
      check(Buffer.concat([Buffer.from('{"a":1'), Buffer.from(seq), Buffer.from('}')]), ['a'])
      check(Buffer.concat([Buffer.from(seq), Buffer.from('{}')]), ['a'])
    }
  })

  it('parses numbers exactly as JSON.parse', () => {
    const numbers = ['0', '-0', '7', '-7', '0.5', '-0.5', '1e3', '1E3', '1e+3', '1e-3', '-1.5e-7', '2.5E+10', '123456789012345', '1234567890123456', '9007199254740993', '123456789012345678901234567890', '1e400', '-1e400', '1e-400', '0.1', '0.30000000000000004', '5e-324', '1.7976931348623157e308', '0e0', '-0.0']
    for (const n of numbers) {
      expect(picked(`{"a":${n}}`, ['a'])).toEqual({ a: JSON.parse(n) })
      expect(Object.is((picked(`{"a":${n}}`, ['a']) as { a: number }).a, JSON.parse(n))).toBe(true)
      check(`{"x":${n},"a":[${n}]}`, ['a'])
    }
  })

  it('materialises requested objects and arrays whole, a __proto__ key inside included', () => {
    const value = '{"b":[1,{"c":"d"},[],{}],"__proto__":{"p":1},"e":null}'
    expect(picked(`{"a":${value},"z":[${value}]}`, ['a', 'z'])).toEqual(JSON.parse(`{"a":${value},"z":[${value}]}`))
    const result = picked(`{"a":${value}}`, ['a']) as { a: object }
    expect(Object.getPrototypeOf(result.a)).toBe(Object.prototype)
    expect(Object.keys(result.a)).toEqual(['b', '__proto__', 'e'])
  })

  it('defines a requested __proto__ key as an own property, never setting the prototype', () => {
    for (const paths of [['__proto__'], ['__proto__.x'], ['__proto__', 'a']]) {
      const result = picked('{"__proto__":{"x":1,"y":2},"a":1}', paths) as object
      expect(Object.getPrototypeOf(result)).toBe(Object.prototype)
      expect(Object.keys(result)).toContain('__proto__')
      expect(Object.getOwnPropertyDescriptor(result, '__proto__')?.value).toEqual(paths[0] === '__proto__.x' ? { x: 1 } : { x: 1, y: 2 })
    }
    check('{"__proto__":1,"__proto__":{"x":1}}', ['__proto__.x'])
    check('{"__proto__":{"__proto__":{"x":1}}}', ['__proto__.__proto__.x'])
    check('{"\\u005f_proto__":{"x":1}}', ['__proto__'])
  })

  it('matches keys by what they decode to: escapes, non-ASCII, prefixes of other keys', () => {
    expect(picked('{"can\\u0064idate_id":"c1"}', ['candidate_id'])).toEqual({ candidate_id: 'c1' })
    expect(picked('{"\\u0061ddress":{"st\\u0061te":"Kent"}}', ['address.state'])).toEqual({ address: { state: 'Kent' } })
    expect(picked('{"\\"q\\"":1,"b\\\\s":2,"\\n":3}', ['"q"', 'b\\s', '\n'])).toEqual({ '"q"': 1, 'b\\s': 2, '\n': 3 })
    expect(picked('{"é":1,"\\u00e9":2,"😀":{"ö":3},"e":4}', ['é', '😀.ö'])).toEqual({ é: 2, '😀': { ö: 3 } })
    expect(picked('{"\\ud83d\\ude00":1}', ['😀'])).toEqual({ '😀': 1 })
    expect(picked('{"candidate":1,"candidate_id":2,"candidate_idx":3,"c":4,"":5}', ['candidate_id', 'c'])).toEqual({ candidate_id: 2, c: 4 })
    expect(picked('{"":5,"a":1}', [''])).toEqual({ '': 5 })
    // A key with a U+FFFD (from invalid UTF-8) matches a path with U+FFFD.
    check(Buffer.concat([Buffer.from('{"k'), Buffer.from([0xff]), Buffer.from('":1,"k\uFFFD":2}')]), ['k\uFFFD'])
  })

  it('accepts exactly the four JSON whitespace characters, everywhere', () => {
    const ws = ' \t\n\r'
    const text = `${ws}{${ws}"a"${ws}:${ws}{${ws}"b"${ws}:${ws}[${ws}1${ws},${ws}"x"${ws}]${ws},${ws}"c"${ws}:${ws}true${ws}}${ws},${ws}"d"${ws}:${ws}null${ws}}${ws}`
    for (const paths of [[], ['a'], ['a.b'], ['a.c', 'd'], ['d']]) check(text, paths)
    expect(picked(text, ['a.c', 'd'])).toEqual({ a: { c: true }, d: null })
    for (const other of ['\f', '\v', '\u00a0', '\u2028', '\ufeff', '\u0000', '\u001f']) {
      for (const at of ['X{"a":1}', '{X"a":1}', '{"a"X:1}', '{"a":X1}', '{"a":1X}', '{"a":1}X', '{"a":[X1]}', '{"x":[1X]}', '{"x":{X}}'])
        for (const paths of [[], ['a'], ['x']]) check(at.replace('X', other), paths)
    }
  })

  it('throws what JSON.parse throws for invalid JSON, wherever the problem is', () => {
    const invalid = [
      '', ' ', '\ufeff{}', '{', '}', '{"a":1', '{"a":1,', '{"a":', '{"a"', '{"', '{"a', '{"a":"x', '{"a":"x\\', '{"a":"\\u12',
      '{"a":1,}', '{,}', '{"a" 1}', '{"a":1 "b":2}', '{"a"}', '{a:1}', "{'a':1}", '{"a":1}}', '{"a":1}x', '{} x', '{}{}', '{}[]',
      '{"a":01}', '{"a":-01}', '{"a":00}', '{"a":1.}', '{"a":1.e3}', '{"a":-}', '{"a":.5}', '{"a":1e}', '{"a":1e+}', '{"a":1E-}', '{"a":+1}', '{"a":--1}', '{"a":0x10}', '{"a":1_000}',
      '{"a":tru}', '{"a":nul}', '{"a":fals}', '{"a":True}', '{"a":NaN}', '{"a":Infinity}', '{"a":-Infinity}', '{"a":undefined}', '{"a":truex}', '{"a":nullnull}',
      '{"a":[1,]}', '{"a":[,1]}', '{"a":[1 2]}', '{"a":[}', '{"a":{]}', '{"a":[1]]}', '{"a":{"b":1}}}', '{"a":[[[]]}', '{"a":{"b"}}', '{"a":{"b":}}', '{"a":{,}}', '{"a":[1,,2]}',
      '{"a":"\u0001"}', '{"a":"\u001f"}', '{"a":"\n"}', '{"a":"\t"}', '{"a\u0000":1}', '{"a":"\\x"}', '{"a":"\\u12G4"}', '{"a":"\\U0041"}', '{"a":"\\\'"}', '{"a":"\\ "}', '{"a":"abc}',
      'tru', 'nul', '-', '01', '1.', '.5', '1e', '[1,]', '"abc', '[', ']', '"\\x"',
    ]
    for (const text of invalid) {
      expect(() => JSON.parse(text), text).toThrow()
      for (const paths of PATH_SETS) check(text, paths)
      // The same problem nested in a skipped value, and in a picked one.
      if (text.startsWith('{"a":')) {
        check(`{"z":[${text}]}`, ['a'])
        check(`{"a":{"b":${text}}}`, ['a.b', 'a.b.a'])
      }
    }
  })

  it('skips and picks through very deep nesting as JSON.parse does (no recursion)', () => {
    const depth = 100_000
    const arrays = '['.repeat(depth) + ']'.repeat(depth)
    const objects = '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)
    expect(() => JSON.parse(arrays)).not.toThrow()
    expect(picked(`{"x":${arrays},"y":1}`, ['y'])).toEqual({ y: 1 })
    expect(picked(`{"x":${objects},"y":2}`, ['y'])).toEqual({ y: 2 })
    const whole = compileJsonPick(['x'])(Buffer.from(`{"x":${arrays}}`)) as { x: unknown[] }
    expect(Array.isArray(whole.x)).toBe(true)
    check(`{"x":${arrays.slice(1)},"y":1}`, ['y'])
    check(`{"x":${arrays.slice(0, -1)},"y":1}`, ['y'])
    check(`{"x":${objects.slice(0, -1)}}`, ['y'])
  })

  it('scans long strings correctly at every alignment and position of a special byte', () => {
    // Exercises the 4-bytes-at-a-time loop: input at byte offsets 0..3 of its buffer, as a Buffer and
    // as a plain Uint8Array, with the byte that ends the fast loop in each lane.
    const specials = ['"', '\\n', '\\u00e9', 'é', '😀', '\u0001', '\\', '\\q', '\u007f']
    for (let offset = 0; offset < 4; offset++) {
      for (let lead = 0; lead < 9; lead++) {
        for (const special of specials) {
          const body = 'x'.repeat(lead) + special + 'y'.repeat(13)
          const text = `{"s":"${body}","a":"${body}","t":"${'z'.repeat(lead)}"}`
          const encoded = Buffer.from(text)
          const backing = new Uint8Array(encoded.length + 8)
          backing.set(encoded, offset)
          const view = backing.subarray(offset, offset + encoded.length)
          for (const paths of [['a'], ['t'], []]) {
            expect(disagreement(view, paths)).toBeUndefined()
            expect(disagreement(Buffer.from(view.buffer, view.byteOffset, view.byteLength), paths)).toBeUndefined()
          }
        }
      }
    }
  })

  it('keeps no state between texts, or between decoders used in turn', () => {
    const one = compileJsonPick(['a'])
    const two = compileJsonPick(['b.c'])
    for (let k = 0; k < 3; k++) {
      expect(one(Buffer.from('{"a":"1","b":{"c":2}}'))).toEqual({ a: '1' })
      expect(() => one(Buffer.from('{"a":"1",'))).toThrow(SyntaxError)
      expect(two(Buffer.from('{"a":"1","b":{"c":2}}'))).toEqual({ b: { c: 2 } })
      expect(one(new Uint8Array(Buffer.from('{"a":[1]}')))).toEqual({ a: [1] })
    }
  })

  it('agrees with the reference on thousands of random texts and mutations of them (seeded)', () => {
    // JSON_PICK_SEED / JSON_PICK_ROUNDS explore further (a failure names its seed and round).
    const seed = Number(process.env.JSON_PICK_SEED ?? 20260101)
    const rounds = Number(process.env.JSON_PICK_ROUNDS ?? 3000)
    const random = mulberry32(seed)
    const int = (n: number) => Math.floor(random() * n)
    const chance = (p: number) => random() < p
    const choose = <T,>(items: readonly T[]): T => items[int(items.length)]!

    const KEYS = ['a', 'b', 'c', 'x', 'address', 'state', 'candidate_id', '__proto__', '', 'é', '😀', 'a.b', 'ab', '10']
    const PATHS = ['a', 'b', 'a.b', 'a.b.c', 'b.a', 'c.x.a', 'address.state', 'candidate_id', '__proto__', '__proto__.a', '', 'é', '😀', 'é.a', 'a.', '10', 'x.10']
    const INVALID_UTF8 = [[0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0x80], [0xf4, 0x90, 0x80, 0x80]]
    const PLACEHOLDER = '\ue000' // replaced by an invalid UTF-8 sequence after encoding

    const space = () => (chance(0.8) ? '' : Array.from({ length: 1 + int(3) }, () => choose([' ', '\t', '\n', '\r'])).join(''))
    const char = (): string => {
      const r = int(20)
      if (r < 8) return String.fromCharCode(0x20 + int(0x5f)).replace(/["\\]/, 'q')
      if (r === 8) return choose(['\\"', '\\\\', '\\/', '\\b', '\\f', '\\n', '\\r', '\\t'])
      if (r === 9) return `\\u${int(0x10000).toString(16).padStart(4, '0')}`
      if (r === 10) return `\\u${int(0x20).toString(16).toUpperCase().padStart(4, '0')}`
      if (r === 11) return choose(['é', 'ß', '中', '\u07ff', '\u0800', '\uffff', '\u007f'])
      if (r === 12) return choose(['😀', '𝄞', '\u{10ffff}'])
      if (r === 13) return choose(['\\ud83d\\ude00', '\\uD834\\uDD1E', '\\ud800', '\\udfff'])
      if (r === 14) return PLACEHOLDER
      return 'abcdefghij'[int(10)]!
    }
    const string = () => `"${Array.from({ length: int(chance(0.1) ? 60 : 8) }, char).join('')}"`
    const key = () => {
      const plain = choose(KEYS)
      if (!chance(0.2)) return JSON.stringify(plain)
      // the same key spelled with escapes
      return `"${[...plain].map((ch) => (chance(0.5) ? `\\u${ch.codePointAt(0)! > 0xffff ? ch.split('').map((u) => u.charCodeAt(0).toString(16).padStart(4, '0')).join('\\u') : ch.charCodeAt(0).toString(16).padStart(4, '0')}` : ch)).join('')}"`
    }
    const number = () => {
      const sign = chance(0.3) ? '-' : ''
      const whole = chance(0.3) ? '0' : `${1 + int(9)}${Array.from({ length: int(chance(0.1) ? 25 : 5) }, () => int(10)).join('')}`
      const fraction = chance(0.3) ? `.${Array.from({ length: 1 + int(4) }, () => int(10)).join('')}` : ''
      const exponent = chance(0.2) ? `${choose(['e', 'E'])}${choose(['', '+', '-'])}${int(chance(0.1) ? 400 : 30)}` : ''
      return sign + whole + fraction + exponent
    }
    const value = (depth: number): string => {
      const r = int(depth > 4 ? 6 : 10)
      if (r < 2) return string()
      if (r < 4) return number()
      if (r === 4) return choose(['true', 'false', 'null'])
      if (r === 5) return chance(0.5) ? string() : number()
      if (r < 8) {
        const members = Array.from({ length: int(5) }, () => `${space()}${key()}${space()}:${space()}${value(depth + 1)}${space()}`)
        return `{${members.join(',') || space()}}`
      }
      const elements = Array.from({ length: int(4) }, () => `${space()}${value(depth + 1)}${space()}`)
      return `[${elements.join(',') || space()}]`
    }
    const encode = (text: string): Buffer => {
      const parts = text.split(PLACEHOLDER)
      const chunks: Buffer[] = []
      parts.forEach((part, k) => {
        if (k > 0) chunks.push(Buffer.from(choose(INVALID_UTF8)))
        chunks.push(Buffer.from(part))
      })
      return Buffer.concat(chunks)
    }
    const INSERT = Buffer.from('{}[]",:\\ \t\n\r0123456789eE.-+tfnrulsa\u0000\u001f\u007f')
    const mutate = (bytes: Buffer): Buffer => {
      const out = [...bytes]
      for (let m = 1 + int(3); m > 0; m--) {
        const at = int(out.length + 1)
        const r = int(3)
        const byte = chance(0.85) ? INSERT[int(INSERT.length)]! : int(256)
        if (r === 0 && out.length > 0) out.splice(Math.min(at, out.length - 1), 1)
        else if (r === 1) out.splice(at, 0, byte)
        else if (out.length > 0) out[Math.min(at, out.length - 1)] = byte
      }
      return Buffer.from(out)
    }

    const pickers = new Map<string, (bytes: Uint8Array) => unknown>()
    const failures: string[] = []
    let valid = 0
    let invalid = 0
    for (let round = 0; round < rounds && failures.length < 5; round++) {
      const top = chance(0.9) ? `{${Array.from({ length: int(6) }, () => `${space()}${key()}${space()}:${space()}${value(1)}${space()}`).join(',')}}` : value(0)
      const text = `${space()}${top}${space()}`
      const paths = Array.from({ length: int(4) }, () => choose(PATHS))
      const id = JSON.stringify(paths)
      if (!pickers.has(id)) pickers.set(id, compileJsonPick(paths))
      const picker = pickers.get(id)!
      const bytes = encode(text)
      for (const candidate of [bytes, mutate(bytes), mutate(bytes), bytes.subarray(0, int(bytes.length))]) {
        let ok = true
        try {
          JSON.parse(candidate.toString('utf8'))
        } catch {
          ok = false
        }
        if (ok) valid++
        else invalid++
        const problem = disagreement(candidate, paths, picker)
        if (problem !== undefined) failures.push(`seed ${seed}, round ${round}: ${problem}`)
      }
    }
    expect(failures).toEqual([])
    expect(valid).toBeGreaterThan(rounds * 0.8)
    expect(invalid).toBeGreaterThan(rounds * 1.6)
  })
})

function mulberry32(seed: number): () => number {
  let state = seed | 0
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
