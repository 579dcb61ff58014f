/** @module Maps a randomuser record to the voter and candidate shapes of voters_topic and the candidates table (key order is the contract). */
import { describeCandidate } from './candidate-text.ts'
import { toIsoString } from './calendar.ts'
import type { GbPerson } from './gb-person.ts'
import { largePicture, registeredAge } from './gb-user.ts'
import type { RandomUser } from './random-user.ts'
import type { Candidate, Voter } from './shapes.ts'

export type { Candidate, Voter }

export const DEFAULT_PARTIES: readonly string[] = ['Management Party', 'Savior Party', 'Tech Republic Party']

export function toVoter(user: RandomUser): Voter {
  const { location } = user
  return {
    voter_id: user.login.uuid,
    voter_name: `${user.name.first} ${user.name.last}`,
    date_of_birth: user.dob.date,
    gender: user.gender,
    nationality: user.nat,
    registration_number: user.login.username,
    address: {
      street: `${location.street.number} ${location.street.name}`,
      city: location.city,
      state: location.state,
      country: location.country,
      postcode: String(location.postcode),
    },
    email: user.email,
    phone_number: user.phone,
    cell_number: user.cell,
    picture: user.picture.large,
    registered_age: user.registered.age,
  }
}

/** The same voter as `toVoter(toRandomUser(person))`, without building the raw record (the generator's hot path). */
export function personToVoter(p: GbPerson, nowMs: number): Voter {
  return {
    voter_id: p.uuid,
    voter_name: p.fullName,
    date_of_birth: toIsoString(p.dobMs),
    gender: p.gender,
    nationality: 'GB',
    registration_number: p.username,
    address: { street: `${p.streetNumber} ${p.streetName}`, city: p.city, state: p.state, country: 'United Kingdom', postcode: p.postcode },
    email: p.email,
    phone_number: p.phone,
    cell_number: p.cell,
    picture: largePicture(p),
    registered_age: registeredAge(p, nowMs),
  }
}

/** Candidate `index` (0-based) stands for `parties[index % parties.length]`. */
export function toCandidate(user: RandomUser, index: number, parties: readonly string[]): Candidate {
  const text = describeCandidate(user)
  return {
    candidate_id: user.login.uuid,
    candidate_name: `${user.name.first} ${user.name.last}`,
    party_affiliation: parties[index % parties.length]!,
    biography: text.biography,
    campaign_platform: text.campaign_platform,
    photo_url: user.picture.large,
  }
}

/** Candidates alternate male, female, male… as in the classic demo. */
export function candidateGender(index: number): 'male' | 'female' {
  return index % 2 === 1 ? 'female' : 'male'
}
