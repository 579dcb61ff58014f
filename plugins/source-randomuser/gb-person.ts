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
const MALE_FIRST = withEmailParts(MALE_FIRST_NAMES)
const FEMALE_FIRST = withEmailParts(FEMALE_FIRST_NAMES)
const LAST = withEmailParts(LAST_NAMES)
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9]
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

export interface DrawOptions {
  /** "Now" of the date of birth range (everyone is 21 to 80), ms since epoch. */
  nowMs: number
  /** Overrides the drawn gender (candidates alternate). The draw still happens, so the other fields keep their stream. */
  gender?: 'male' | 'female'
}

export function drawGbPerson(rng: RecordRng, options: DrawOptions): GbPerson {
  const drawnGender = rng.next() < 0x80000000 ? 'male' : 'female'
  const gender = options.gender ?? drawnGender
  const male = gender === 'male'
  const title = male ? 'Mr' : rng.pick(FEMALE_TITLES)
  const firstNames = male ? MALE_FIRST : FEMALE_FIRST
  const firstIndex = Math.floor(rng.float() * firstNames.names.length)
  const lastIndex = Math.floor(rng.float() * LAST.names.length)
  return {
    gender,
    title,
    first: firstNames.names[firstIndex]!,
    last: LAST.names[lastIndex]!,
    email: `${firstNames.emailParts[firstIndex]}.${LAST.emailParts[lastIndex]}@example.com`,
    streetNumber: rng.int(1, 9999),
    streetName: rng.pick(STREET_NAMES),
    city: rng.pick(CITIES),
    state: rng.pick(COUNTIES),
    postcode: drawPostcode(rng),
    latitude: rng.int(-900000, 900000),
    longitude: rng.int(-1800000, 1800000),
    timezone: rng.pick(TIMEZONES),
    uuid: drawUuid(rng),
    username: rng.pick(USERNAME_ADJECTIVES) + rng.pick(USERNAME_ANIMALS) + rng.int(100, 999),
    password: rng.pick(PASSWORDS),
    saltHigh: rng.int(0, 14776335),
    saltLow: rng.int(0, 14776335),
    dobMs: drawBetween(rng, ...dobRange(options.nowMs)),
    registeredMs: drawBetween(rng, REGISTERED_FROM, REGISTERED_TO),
    phone: drawPhone(rng),
    cell: `07${digits(rng, 3)} ${digits(rng, 6)}`,
    ninoLetters: rng.int(0, 675),
    ninoDigits: rng.int(0, 999999),
    ninoSuffix: rng.pick(UPPER),
    pictureNumber: rng.int(0, male ? 99 : 96),
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

/** `n` decimal digits (n ≤ 9) from one draw, leading zeros kept. */
export function digits(rng: RecordRng, n: number): string {
  return padDigits(Math.floor(rng.float() * POW10[n]!), n)
}

export function padDigits(value: number, n: number): string {
  const text = '' + value
  return text.length === n ? text : '000000000'.slice(0, n - text.length) + text
}

/** A UK landline: one of the API's area-code shapes, then digit groups separated by spaces. */
function drawPhone(rng: RecordRng): string {
  const shape = rng.pick(PHONE_SHAPES)
  let out = shape.areaDigits > 0 ? shape.prefix + digits(rng, shape.areaDigits) : shape.prefix
  for (const group of shape.groups) out += ' ' + digits(rng, group)
  return out
}

/** Outward code of one of the six UK shapes, a space, then a digit and two letters. */
function drawPostcode(rng: RecordRng): string {
  const shape = rng.pick(OUTWARD_SHAPES)
  let outward = ''
  for (let i = 0; i < shape.length; i++) outward += shape[i] === 'L' ? rng.pick(UPPER) : rng.int(0, 9)
  return `${outward} ${rng.int(0, 9)}${rng.pick(INWARD_LETTERS)}${rng.pick(INWARD_LETTERS)}`
}

/** A v4 UUID from four draws: version nibble 4, variant bits 10. */
function drawUuid(rng: RecordRng): string {
  const a = rng.next()
  const b = ((rng.next() & 0xffff0fff) | 0x00004000) >>> 0
  const c = ((rng.next() & 0x3fffffff) | 0x80000000) >>> 0
  const d = rng.next()
  return `${hex32(a)}-${hex16(b >>> 16)}-${hex16(b & 0xffff)}-${hex16(c >>> 16)}-${hex16(c & 0xffff)}${hex32(d)}`
}

const hex16 = (x: number) => HEX[x >>> 8]! + HEX[x & 0xff]!
const hex32 = (x: number) => hex16(x >>> 16) + hex16(x & 0xffff)

function drawBetween(rng: RecordRng, fromMs: number, toMs: number): number {
  return fromMs + Math.floor(rng.float() * (toMs - fromMs))
}
