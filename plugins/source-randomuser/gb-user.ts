/** @module A drawn GB person as the randomuser.me record (API 1.4), keys in the API's order. */
import { createAgeCounter, toIsoString, wholeYears } from './calendar.ts'
import { drawGbPerson, padDigits, UPPER, type DrawOptions, type GbPerson } from './gb-person.ts'
import { md5, sha1, sha256 } from './digests.ts'
import type { RecordRng } from './prng.ts'
import type { RandomUser } from './random-user.ts'

export interface GbUserOptions extends DrawOptions {
  /** Compute md5/sha1/sha256 of password+salt (the costly part of a record); when false they are empty strings. */
  digests: boolean
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

export function generateGbUser(rng: RecordRng, options: GbUserOptions): RandomUser {
  return toRandomUser(drawGbPerson(rng, options), options)
}

export function toRandomUser(p: GbPerson, options: { nowMs: number; digests: boolean }): RandomUser {
  const salt = base62(p.saltHigh) + base62(p.saltLow)
  const salted = p.password + salt
  const ninoDigits = padDigits(p.ninoDigits, 6)
  const picture = `${p.gender === 'male' ? 'men' : 'women'}/${p.pictureNumber}.jpg`
  return {
    gender: p.gender,
    name: { title: p.title, first: p.first, last: p.last },
    location: {
      street: { number: p.streetNumber, name: p.streetName },
      city: p.city,
      state: p.state,
      country: 'United Kingdom',
      postcode: p.postcode,
      coordinates: { latitude: fixed4(p.latitude), longitude: fixed4(p.longitude) },
      timezone: { offset: p.timezone.offset, description: p.timezone.description },
    },
    email: p.email,
    login: {
      uuid: p.uuid,
      username: p.username,
      password: p.password,
      salt,
      md5: options.digests ? md5(salted) : '',
      sha1: options.digests ? sha1(salted) : '',
      sha256: options.digests ? sha256(salted) : '',
    },
    dob: { date: toIsoString(p.dobMs), age: wholeYears(p.dobMs, options.nowMs) },
    registered: { date: toIsoString(p.registeredMs), age: registeredAge(p, options.nowMs) },
    phone: p.phone,
    cell: p.cell,
    id: {
      name: 'NINO',
      value: `${UPPER[Math.floor(p.ninoLetters / 26)]}${UPPER[p.ninoLetters % 26]} ${ninoDigits.slice(0, 2)} ${ninoDigits.slice(2, 4)} ${ninoDigits.slice(4)} ${p.ninoSuffix}`,
    },
    picture: {
      large: `https://randomuser.me/api/portraits/${picture}`,
      medium: `https://randomuser.me/api/portraits/med/${picture}`,
      thumbnail: `https://randomuser.me/api/portraits/thumb/${picture}`,
    },
    nat: 'GB',
  }
}

let ageCounterNow = Number.NaN
let ageCounter: (fromMs: number) => number = () => 0

/** Whole years since registration, 0 when `now` precedes it. */
export function registeredAge(p: GbPerson, nowMs: number): number {
  if (nowMs !== ageCounterNow) {
    ageCounter = createAgeCounter(nowMs)
    ageCounterNow = nowMs
  }
  return Math.max(0, ageCounter(p.registeredMs))
}

/** The large portraits' URLs (men 0–99, women 0–96), made once and shared by every record. */
const LARGE_PICTURES = { male: Array.from({ length: 100 }, (_, n) => `https://randomuser.me/api/portraits/men/${n}.jpg`), female: Array.from({ length: 97 }, (_, n) => `https://randomuser.me/api/portraits/women/${n}.jpg`) }

export function largePicture(p: GbPerson): string {
  return LARGE_PICTURES[p.gender][p.pictureNumber] ?? `https://randomuser.me/api/portraits/${p.gender === 'male' ? 'men' : 'women'}/${p.pictureNumber}.jpg`
}

/** Four base-62 characters of a number in [0, 62^4). */
function base62(x: number): string {
  let out = ''
  for (let i = 0; i < 4; i++, x = Math.floor(x / 62)) out += ALPHANUMERIC[x % 62]
  return out
}

/** A coordinate held in ten-thousandths as a string with exactly 4 decimals. */
function fixed4(tenThousandths: number): string {
  const abs = Math.abs(tenThousandths)
  return `${tenThousandths < 0 ? '-' : ''}${Math.floor(abs / 10000)}.${padDigits(abs % 10000, 4)}`
}
