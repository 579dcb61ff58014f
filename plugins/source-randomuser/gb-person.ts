/** @module Draws one GB person from a seeded RNG: every random choice of a record, with costly formatting left to the mappers that need it. */
import { addYears } from './calendar.ts'
import { FEMALE_FIRST_NAMES, LAST_NAMES, MALE_FIRST_NAMES } from './gb-names.ts'
import { CITIES, COUNTIES, STREET_NAMES } from './gb-places.ts'
import { PASSWORDS, TIMEZONES, USERNAME_ADJECTIVES, USERNAME_ANIMALS, type Timezone } from './gb-logins.ts'
import type { RecordRng } from './prng.ts'

/** The drawn values of one record. Numbers stand in for strings only voters never need (coordinates, salt, NINO, dates). */
export interface GbPerson {
  gender: 'male' | 'female'
  title: string
  first: string
  last: string
  /** `first last`: one string shared by every record with these names. */
  fullName: string
  email: string
  streetNumber: number
  streetName: string
  city: string
  state: string
  postcode: string
  /** Ten-thousandths of a degree. */
  latitude: number
  longitude: number
  timezone: Timezone
  uuid: string
  username: string
  password: string
  /** Two draws in [0, 62^4), four base-62 characters each. */
  saltHigh: number
  saltLow: number
  dobMs: number
  registeredMs: number
  phone: string
  cell: string
  /** NINO parts: letter pair 0–675, six digits, suffix letter. */
  ninoLetters: number
  ninoDigits: number
  ninoSuffix: string
  pictureNumber: number
}

export const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
const FEMALE_TITLES = ['Miss', 'Mrs', 'Ms']
const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ'
const OUTWARD_SHAPES = ['L9', 'LL9', 'L99', 'LL99', 'LL9L', 'L9L']
/** Landline shapes: a fixed prefix, random digits completing the area code, then digit groups ("016977 2491", "022 3081 6950"). */
const PHONE_SHAPES = [
  { prefix: '016977', areaDigits: 0, groups: [4] },
  { prefix: '016977', areaDigits: 0, groups: [5] },
  { prefix: '01', areaDigits: 3, groups: [5] },
  { prefix: '01', areaDigits: 3, groups: [6] },
  { prefix: '0', areaDigits: 2, groups: [4, 4] },
  { prefix: '0', areaDigits: 3, groups: [3, 4] },
]
const REGISTERED_FROM = Date.UTC(2002, 0, 1)
const REGISTERED_TO = Date.UTC(2023, 0, 1)
const MALE_FIRST = withPairs(withEmailParts(MALE_FIRST_NAMES))
const FEMALE_FIRST = withPairs(withEmailParts(FEMALE_FIRST_NAMES))
const LAST = withEmailParts(LAST_NAMES)
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9]
/** Character codes of the hex digits, for strings built in one `String.fromCharCode` (one allocation, flat). */
const HEX_CODES = [48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102]
const SPACE = 32
const DIGIT_0 = 48
/** Per outward shape: the postcode's character codes, refilled per record (length: shape, space, digit, two letters). */
const POSTCODE_CODES = OUTWARD_SHAPES.map((shape) => new Array<number>(shape.length + 4).fill(SPACE))
/** Per phone shape: its character codes with the prefix and spaces in place, digits refilled per record. */
const PHONE_CODES = PHONE_SHAPES.map((shape) => {
  const text = shape.prefix + '0'.repeat(shape.areaDigits) + shape.groups.map((n) => ' ' + '0'.repeat(n)).join('')
  return Array.from(text, (ch) => ch.charCodeAt(0))
})

export interface DrawOptions {
  /** "Now" of the date of birth range (everyone is 21 to 80), ms since epoch. */
  nowMs: number
  /** Overrides the drawn gender (candidates alternate). The draw still happens, so the other fields keep their stream. */
  gender?: 'male' | 'female'
  /**
   * When set, `uuid` is a version 7 UUID (RFC 9562) whose 48-bit timestamp is this many ms since the
   * epoch, so ids sort in the order of their times; undefined: version 4, all random. The same draws
   * happen either way, so the other fields keep their stream.
   */
  uuidTimeMs?: number
}

/**
 * Draws record fields in a fixed order (the order is the stream: changing it changes every record).
 * `into`: a person to overwrite instead of a new one, for callers that copy what they need out of it
 * before the next draw (the voter factory): no object per record.
 */
export function drawGbPerson(rng: RecordRng, options: DrawOptions, into?: GbPerson): GbPerson {
  const drawnGender = rng.next() < 0x80000000 ? 'male' : 'female'
  const gender = options.gender ?? drawnGender
  const male = gender === 'male'
  const title = male ? 'Mr' : rng.pick(FEMALE_TITLES)
  const firstNames = male ? MALE_FIRST : FEMALE_FIRST
  const firstIndex = Math.floor(rng.float() * firstNames.names.length)
  const lastIndex = Math.floor(rng.float() * LAST.names.length)
  const [dobFrom, dobTo] = dobRange(options.nowMs)
  const p = into ?? blankPerson()
  p.gender = gender
  p.title = title
  p.first = firstNames.names[firstIndex]!
  p.last = LAST.names[lastIndex]!
  p.fullName = fullNameOf(firstNames, firstIndex, lastIndex)
  p.email = emailOf(firstNames, firstIndex, lastIndex)
  p.streetNumber = rng.int(1, 9999)
  p.streetName = rng.pick(STREET_NAMES)
  p.city = rng.pick(CITIES)
  p.state = rng.pick(COUNTIES)
  p.postcode = drawPostcode(rng)
  p.latitude = rng.int(-900000, 900000)
  p.longitude = rng.int(-1800000, 1800000)
  p.timezone = rng.pick(TIMEZONES)
  p.uuid = drawUuid(rng, options.uuidTimeMs)
  p.username = usernameWords(Math.floor(rng.float() * USERNAME_ADJECTIVES.length), Math.floor(rng.float() * USERNAME_ANIMALS.length)) + rng.int(100, 999)
  p.password = rng.pick(PASSWORDS)
  p.saltHigh = rng.int(0, 14776335)
  p.saltLow = rng.int(0, 14776335)
  p.dobMs = drawBetween(rng, dobFrom, dobTo)
  p.registeredMs = drawBetween(rng, REGISTERED_FROM, REGISTERED_TO)
  p.phone = drawPhone(rng)
  p.cell = drawCell(rng)
  p.ninoLetters = rng.int(0, 675)
  p.ninoDigits = rng.int(0, 999999)
  p.ninoSuffix = rng.pick(UPPER)
  p.pictureNumber = rng.int(0, male ? 99 : 96)
  return p
}

/** A person with every field in place (one object shape for new and reused persons), to be overwritten by a draw. */
export function blankPerson(): GbPerson {
  // prettier-ignore
  return {
    gender: 'male', title: '', first: '', last: '', fullName: '', email: '', streetNumber: 0, streetName: '', city: '', state: '', postcode: '',
    latitude: 0, longitude: 0, timezone: TIMEZONES[0]!, uuid: '', username: '', password: '', saltHigh: 0, saltLow: 0, dobMs: 0, registeredMs: 0,
    phone: '', cell: '', ninoLetters: 0, ninoDigits: 0, ninoSuffix: '', pictureNumber: 0,
  }
}

let dobRangeFor = Number.NaN
let dobRangeCached: [number, number] = [0, 0]

/** Birth dates giving ages 21 to 80 at `nowMs`; remembered, since a run has one "now". */
function dobRange(nowMs: number): [number, number] {
  if (nowMs !== dobRangeFor) {
    dobRangeCached = [addYears(nowMs, -80), addYears(nowMs, -21)]
    dobRangeFor = nowMs
  }
  return dobRangeCached
}

/** Names with their email form (lower case, spaces removed) precomputed. */
function withEmailParts(names: readonly string[]) {
  return { names, emailParts: names.map((name) => name.toLowerCase().replaceAll(' ', '')) }
}

/**
 * First names with room for the full names and emails of (first, last) pairs, kept once made:
 * records share them instead of each building its own (per record, they were garbage to collect
 * and memory held by every voter in flight). At most 110 × 150 pairs per list.
 */
function withPairs(first: ReturnType<typeof withEmailParts>) {
  const pairs = first.names.length * LAST_NAMES.length
  return { ...first, fullNames: new Array<string | undefined>(pairs).fill(undefined), emails: new Array<string | undefined>(pairs).fill(undefined) }
}

type FirstNames = ReturnType<typeof withPairs>

function fullNameOf(first: FirstNames, firstIndex: number, lastIndex: number): string {
  const key = firstIndex * LAST.names.length + lastIndex
  return (first.fullNames[key] ??= [first.names[firstIndex], LAST.names[lastIndex]].join(' '))
}

function emailOf(first: FirstNames, firstIndex: number, lastIndex: number): string {
  const key = firstIndex * LAST.names.length + lastIndex
  return (first.emails[key] ??= [first.emailParts[firstIndex], '.', LAST.emailParts[lastIndex], '@example.com'].join(''))
}

const USERNAME_WORDS = USERNAME_ADJECTIVES.flatMap((adjective) => USERNAME_ANIMALS.map((animal) => adjective + animal))

/** The adjective and animal of a username, one string per pair. */
function usernameWords(adjective: number, animal: number): string {
  return USERNAME_WORDS[adjective * USERNAME_ANIMALS.length + animal]!
}

/** The character code of the decimal digit of `value` at `unit` (1, 10, 100…). */
function digitCode(value: number, unit: number): number {
  return DIGIT_0 + (Math.floor(value / unit) % 10)
}

/** The character code of the hex digit of `x` at bit `shift`. */
function hexCode(x: number, shift: number): number {
  return HEX_CODES[(x >>> shift) & 15]!
}

/** Writes `value` as `n` decimal digits (leading zeros kept) into `codes` at `at`. */
function putDigits(codes: number[], at: number, value: number, n: number): void {
  for (let i = at + n - 1; i >= at; i--, value = Math.floor(value / 10)) codes[i] = DIGIT_0 + (value % 10)
}

export function padDigits(value: number, n: number): string {
  const text = '' + value
  return text.length === n ? text : '000000000'.slice(0, n - text.length) + text
}

/**
 * A UK landline: one of the API's area-code shapes, then digit groups separated by spaces. The
 * text formats below are built as character codes and made into a string at once (same draws, in
 * the same order, as building them piece by piece).
 */
function drawPhone(rng: RecordRng): string {
  const index = Math.floor(rng.float() * PHONE_SHAPES.length)
  const shape = PHONE_SHAPES[index]!
  const codes = PHONE_CODES[index]!
  let at = shape.prefix.length
  if (shape.areaDigits > 0) {
    putDigits(codes, at, Math.floor(rng.float() * POW10[shape.areaDigits]!), shape.areaDigits)
    at += shape.areaDigits
  }
  for (const group of shape.groups) {
    putDigits(codes, at + 1, Math.floor(rng.float() * POW10[group]!), group)
    at += 1 + group
  }
  return String.fromCharCode.apply(null, codes)
}

/** A UK mobile: `07` and three digits, a space, six digits. */
function drawCell(rng: RecordRng): string {
  const area = Math.floor(rng.float() * 1000)
  const line = Math.floor(rng.float() * 1e6)
  const d = digitCode
  return String.fromCharCode(DIGIT_0, 55, d(area, 100), d(area, 10), d(area, 1), SPACE, d(line, 1e5), d(line, 1e4), d(line, 1e3), d(line, 100), d(line, 10), d(line, 1))
}

/** Outward code of one of the six UK shapes, a space, then a digit and two letters. */
function drawPostcode(rng: RecordRng): string {
  const index = Math.floor(rng.float() * OUTWARD_SHAPES.length)
  const shape = OUTWARD_SHAPES[index]!
  const codes = POSTCODE_CODES[index]!
  for (let i = 0; i < shape.length; i++) codes[i] = shape[i] === 'L' ? UPPER.charCodeAt(Math.floor(rng.float() * 26)) : DIGIT_0 + rng.int(0, 9)
  codes[shape.length + 1] = DIGIT_0 + rng.int(0, 9)
  codes[shape.length + 2] = INWARD_LETTERS.charCodeAt(Math.floor(rng.float() * INWARD_LETTERS.length))
  codes[shape.length + 3] = INWARD_LETTERS.charCodeAt(Math.floor(rng.float() * INWARD_LETTERS.length))
  return String.fromCharCode.apply(null, codes)
}

/**
 * A UUID from four draws: version 4 (random but for the version nibble 4 and variant bits 10), or,
 * given `timeMs`, version 7: the 48-bit time in place of the first 48 drawn bits, then version 7.
 */
function drawUuid(rng: RecordRng, timeMs?: number): string {
  const drawnA = rng.next()
  const drawnB = rng.next()
  const a = timeMs === undefined ? drawnA : Math.floor(timeMs / 0x10000) >>> 0
  const b = timeMs === undefined ? ((drawnB & 0xffff0fff) | 0x00004000) >>> 0 : ((timeMs % 0x10000) * 0x10000 + 0x7000 + (drawnB & 0x0fff)) >>> 0
  const c = ((rng.next() & 0x3fffffff) | 0x80000000) >>> 0
  const d = rng.next()
  const h = hexCode
  // prettier-ignore
  return String.fromCharCode(
    h(a, 28), h(a, 24), h(a, 20), h(a, 16), h(a, 12), h(a, 8), h(a, 4), h(a, 0), 45,
    h(b, 28), h(b, 24), h(b, 20), h(b, 16), 45, h(b, 12), h(b, 8), h(b, 4), h(b, 0), 45,
    h(c, 28), h(c, 24), h(c, 20), h(c, 16), 45, h(c, 12), h(c, 8), h(c, 4), h(c, 0),
    h(d, 28), h(d, 24), h(d, 20), h(d, 16), h(d, 12), h(d, 8), h(d, 4), h(d, 0),
  )
}

function drawBetween(rng: RecordRng, fromMs: number, toMs: number): number {
  return fromMs + Math.floor(rng.float() * (toMs - fromMs))
}
