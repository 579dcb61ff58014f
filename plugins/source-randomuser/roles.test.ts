import { describe, expect, it } from 'vitest'
import { drawGbPerson } from './gb-person.ts'
import { toRandomUser } from './gb-user.ts'
import { createRecordRng, hashSeed } from './prng.ts'
import type { RandomUser } from './random-user.ts'
import { candidateGender, DEFAULT_PARTIES, personToVoter, toCandidate, toVoter } from './roles.ts'

/** The example record of the randomuser.me 1.4 documentation (GB). */
const example: RandomUser = {
  gender: 'male',
  name: { title: 'Mr', first: 'Lucas Or Luke', last: 'Reynolds' },
  location: {
    street: { number: 5770, name: 'Main Road' },
    city: 'Swansea', state: 'Surrey', country: 'United Kingdom', postcode: 'L9 8UZ',
    coordinates: { latitude: '-21.4560', longitude: '103.2511' },
    timezone: { offset: '+5:30', description: 'Bombay, Calcutta, Madras, New Delhi' },
  },
  email: 'lucasorluke.reynolds@example.com',
  login: { uuid: 'ac095dda-7724-4577-a803-bb88e36c6cbe', username: 'angryduck756', password: 'trouble', salt: 'Xk3pQz9a', md5: 'x', sha1: 'y', sha256: 'z' },
  dob: { date: '1984-09-10T06:12:30.194Z', age: 39 },
  registered: { date: '2012-06-14T08:21:45.512Z', age: 11 },
  phone: '016977 2491',
  cell: '07120 542843',
  id: { name: 'NINO', value: 'SK 47 25 81 J' },
  picture: {
    large: 'https://randomuser.me/api/portraits/men/50.jpg',
    medium: 'https://randomuser.me/api/portraits/med/men/50.jpg',
    thumbnail: 'https://randomuser.me/api/portraits/thumb/men/50.jpg',
  },
  nat: 'GB',
}

describe('role mappings', () => {
  it('maps a record to the voters_topic voter, fields and key order exactly', () => {
    const voter = toVoter(example)
    expect(JSON.stringify(voter)).toBe(
      JSON.stringify({
        voter_id: 'ac095dda-7724-4577-a803-bb88e36c6cbe',
        voter_name: 'Lucas Or Luke Reynolds',
        date_of_birth: '1984-09-10T06:12:30.194Z',
        gender: 'male',
        nationality: 'GB',
        registration_number: 'angryduck756',
        address: { street: '5770 Main Road', city: 'Swansea', state: 'Surrey', country: 'United Kingdom', postcode: 'L9 8UZ' },
        email: 'lucasorluke.reynolds@example.com',
        phone_number: '016977 2491',
        cell_number: '07120 542843',
        picture: 'https://randomuser.me/api/portraits/men/50.jpg',
        registered_age: 11,
      }),
    )
  })

  it('writes numeric postcodes of other nationalities as strings', () => {
    const numeric = { ...example, location: { ...example.location, postcode: 75001 } }
    expect(toVoter(numeric).address.postcode).toBe('75001')
  })

  it('maps a record to a candidate with its party, a generated biography and platform, fields and key order exactly', () => {
    const candidate = toCandidate(example, 4, DEFAULT_PARTIES)
    expect(Object.keys(candidate)).toEqual(['candidate_id', 'candidate_name', 'party_affiliation', 'biography', 'campaign_platform', 'photo_url'])
    expect(candidate).toMatchObject({
      candidate_id: example.login.uuid,
      candidate_name: 'Lucas Or Luke Reynolds',
      party_affiliation: 'Savior Party',
      photo_url: example.picture.large,
    })
    expect(candidate.biography).toMatch(/^Lucas Or Luke Reynolds is a 39-year-old .+ from Swansea, Surrey, who .+\.$/)
    expect(candidate.campaign_platform).toMatch(/^Pledges to .+, .+ and .+\.$/)
    expect(toCandidate(example, 4, DEFAULT_PARTIES)).toEqual(candidate)
  })

  it('alternates candidate genders male, female, male', () => {
    expect([0, 1, 2, 3].map(candidateGender)).toEqual(['male', 'female', 'male', 'female'])
  })

  it('builds the same voter on the fast path as through the raw record', () => {
    const rng = createRecordRng(hashSeed('paths'))
    const nowMs = Date.UTC(2025, 0, 1)
    for (let n = 0; n < 2000; n++) {
      const person = drawGbPerson(rng.reseed(n), { nowMs })
      expect(JSON.stringify(personToVoter(person, nowMs))).toBe(JSON.stringify(toVoter(toRandomUser(person, { nowMs, digests: false }))))
    }
  })
})
