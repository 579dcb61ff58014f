import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { FEMALE_FIRST_NAMES, LAST_NAMES, MALE_FIRST_NAMES } from './gb-names.ts'
import { CITIES, COUNTIES, STREET_NAMES } from './gb-places.ts'
import { PASSWORDS, TIMEZONES } from './gb-logins.ts'
import { generateGbUser } from './gb-user.ts'
import { createRecordRng, hashSeed } from './prng.ts'
import { describeInvalidUser, type RandomUser } from './random-user.ts'

const NOW = Date.UTC(2025, 0, 1)
const rng = createRecordRng(hashSeed('format'))
const users: RandomUser[] = Array.from({ length: 20000 }, (_, n) => generateGbUser(rng.reseed(n), { nowMs: NOW, digests: n < 2000 }))

/** The 70 GB county values randomuser.me 1.4 produces. */
const DOCUMENTED_COUNTIES = `Avon, Bedfordshire, Berkshire, Borders, Buckinghamshire, Cambridgeshire, Central, Cheshire,
  Cleveland, Clwyd, Cornwall, County Antrim, County Armagh, County Down, County Fermanagh,
  County Londonderry, County Tyrone, Cumbria, Derbyshire, Devon, Dorset, Dumfries and Galloway,
  Durham, Dyfed, East Sussex, Essex, Fife, Gloucestershire, Grampian, Greater Manchester, Gwent,
  Gwynedd County, Hampshire, Herefordshire, Hertfordshire, Highlands and Islands, Humberside,
  Isle of Wight, Kent, Lancashire, Leicestershire, Lincolnshire, Lothian, Merseyside,
  Mid Glamorgan, Norfolk, North Yorkshire, Northamptonshire, Northumberland, Nottinghamshire,
  Oxfordshire, Powys, Rutland, Shropshire, Somerset, South Glamorgan, South Yorkshire,
  Staffordshire, Strathclyde, Suffolk, Surrey, Tayside, Tyne and Wear, Warwickshire,
  West Glamorgan, West Midlands, West Sussex, West Yorkshire, Wiltshire, Worcestershire`.split(/,\s*/)

const keys = (value: unknown) => Object.keys(value as object)
const hex = (algorithm: string, text: string) => createHash(algorithm).update(text).digest('hex')

describe('a generated GB record', () => {
  it('has every field of the API 1.4 record, in the API key order', () => {
    for (const user of users.slice(0, 100)) {
      expect(describeInvalidUser(user)).toBeUndefined()
      expect(keys(user)).toEqual(['gender', 'name', 'location', 'email', 'login', 'dob', 'registered', 'phone', 'cell', 'id', 'picture', 'nat'])
      expect(keys(user.name)).toEqual(['title', 'first', 'last'])
      expect(keys(user.location)).toEqual(['street', 'city', 'state', 'country', 'postcode', 'coordinates', 'timezone'])
      expect(keys(user.location.street)).toEqual(['number', 'name'])
      expect(keys(user.location.coordinates)).toEqual(['latitude', 'longitude'])
      expect(keys(user.location.timezone)).toEqual(['offset', 'description'])
      expect(keys(user.login)).toEqual(['uuid', 'username', 'password', 'salt', 'md5', 'sha1', 'sha256'])
      expect(keys(user.dob)).toEqual(['date', 'age'])
      expect(keys(user.registered)).toEqual(['date', 'age'])
      expect(keys(user.id)).toEqual(['name', 'value'])
      expect(keys(user.picture)).toEqual(['large', 'medium', 'thumbnail'])
    }
  })

  it('draws names, titles, places and logins from the GB lists in the API formats', () => {
    const problems: string[] = []
    const check = (ok: boolean, what: string, user: RandomUser) => void (ok || problems.push(`${what}: ${JSON.stringify(user)}`))
    const lists = {
      male: new Set(MALE_FIRST_NAMES), female: new Set(FEMALE_FIRST_NAMES), last: new Set(LAST_NAMES), streets: new Set(STREET_NAMES),
      cities: new Set(CITIES), passwords: new Set(PASSWORDS), timezones: new Set(TIMEZONES.map((tz) => JSON.stringify(tz))),
    }
    for (const user of users.slice(0, 5000)) {
      const male = user.gender === 'male'
      const { location: loc, login } = user
      check(user.gender === 'male' || user.gender === 'female', 'gender', user)
      check(male ? user.name.title === 'Mr' : ['Miss', 'Mrs', 'Ms'].includes(user.name.title), 'title', user)
      check((male ? lists.male : lists.female).has(user.name.first) && lists.last.has(user.name.last), 'name', user)
      check(Number.isInteger(loc.street.number) && loc.street.number >= 1 && loc.street.number <= 9999, 'street.number', user)
      check(lists.streets.has(loc.street.name) && lists.cities.has(loc.city), 'street.name/city', user)
      check(loc.country === 'United Kingdom', 'country', user)
      check(/^([A-Z]\d|[A-Z]{2}\d|[A-Z]\d{2}|[A-Z]{2}\d{2}|[A-Z]{2}\d[A-Z]|[A-Z]\d[A-Z]) \d[ABDEFGHJLNPQRSTUWXYZ]{2}$/.test(String(loc.postcode)), 'postcode', user)
      check(/^-?\d{1,2}\.\d{4}$/.test(loc.coordinates.latitude) && Math.abs(Number(loc.coordinates.latitude)) <= 90, 'latitude', user)
      check(/^-?\d{1,3}\.\d{4}$/.test(loc.coordinates.longitude) && Math.abs(Number(loc.coordinates.longitude)) <= 180, 'longitude', user)
      check(lists.timezones.has(JSON.stringify(loc.timezone)), 'timezone', user)
      check(user.email === `${user.name.first}.${user.name.last}@example.com`.toLowerCase().replaceAll(' ', ''), 'email', user)
      check(/^[a-z]+\.[a-z]+@example\.com$/.test(user.email), 'email ascii', user)
      check(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(login.uuid), 'uuid v4', user)
      check(/^[a-z]+[1-9]\d{2}$/.test(login.username), 'username', user)
      check(lists.passwords.has(login.password) && /^[A-Za-z0-9]{8}$/.test(login.salt), 'password/salt', user)
      check(/^(016977 \d{4,5}|01\d{3} \d{5,6}|0\d{2} \d{4} \d{4}|0\d{3} \d{3} \d{4})$/.test(user.phone), 'phone', user)
      check(/^07\d{3} \d{6}$/.test(user.cell), 'cell', user)
      check(user.id.name === 'NINO' && /^[A-Z]{2} \d{2} \d{2} \d{2} [A-Z]$/.test(String(user.id.value)), 'NINO', user)
      const folder = male ? 'men' : 'women'
      const n = Number(/\/(\d+)\.jpg$/.exec(user.picture.large)?.[1])
      check(Number.isInteger(n) && n >= 0 && n <= (male ? 99 : 96), 'picture number', user)
      check(
        user.picture.large === `https://randomuser.me/api/portraits/${folder}/${n}.jpg` &&
          user.picture.medium === `https://randomuser.me/api/portraits/med/${folder}/${n}.jpg` &&
          user.picture.thumbnail === `https://randomuser.me/api/portraits/thumb/${folder}/${n}.jpg`,
        'picture urls',
        user,
      )
      check(user.nat === 'GB', 'nat', user)
    }
    expect(problems.slice(0, 5)).toEqual([])
  })

  it('dates people at least 21, registers them 2002–2022, and counts both ages to `now`', () => {
    const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/
    for (const user of users.slice(0, 2000)) {
      expect(user.dob.date).toMatch(iso)
      expect(user.registered.date).toMatch(iso)
      expect(user.dob.age).toBeGreaterThanOrEqual(21)
      expect(user.dob.age).toBeLessThanOrEqual(80)
      expect(user.dob.age).toBe(referenceAge(user.dob.date, NOW))
      const registered = Date.parse(user.registered.date)
      expect(registered).toBeGreaterThanOrEqual(Date.UTC(2002, 0, 1))
      expect(registered).toBeLessThan(Date.UTC(2023, 0, 1))
      expect(user.registered.age).toBe(referenceAge(user.registered.date, NOW))
    }
  })

  it('digests password+salt with md5, sha1 and sha256', () => {
    for (const user of users.slice(0, 2000)) {
      const salted = user.login.password + user.login.salt
      expect(user.login.md5).toBe(hex('md5', salted))
      expect(user.login.sha1).toBe(hex('sha1', salted))
      expect(user.login.sha256).toBe(hex('sha256', salted))
    }
  })

  it('uses exactly the 70 documented counties as the domain of state, independently of the city', () => {
    expect(COUNTIES).toHaveLength(70)
    expect([...COUNTIES]).toEqual(DOCUMENTED_COUNTIES)
    expect(new Set(users.map((u) => u.location.state))).toEqual(new Set(DOCUMENTED_COUNTIES))
    const swansea = new Set(users.filter((u) => u.location.city === 'Swansea').map((u) => u.location.state))
    expect(swansea.size).toBeGreaterThan(50)
  })

  it('draws genders about evenly and uuids without repeats', () => {
    const males = users.filter((u) => u.gender === 'male').length
    expect(Math.abs(males / users.length - 0.5)).toBeLessThan(0.02)
    expect(new Set(users.map((u) => u.login.uuid)).size).toBe(users.length)
  })
})

function referenceAge(isoDate: string, nowMs: number): number {
  const from = new Date(isoDate)
  const to = new Date(nowMs)
  let age = to.getUTCFullYear() - from.getUTCFullYear()
  const anniversary = new Date(from)
  anniversary.setUTCFullYear(from.getUTCFullYear() + age)
  if (anniversary.getTime() > nowMs) age--
  return age
}
