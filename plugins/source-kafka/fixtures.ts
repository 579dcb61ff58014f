/** @module Sample messages of each classic-demo topic shape, shared by the kafka-source and kafka-sink tests. */

export const voter = {
  voter_id: 'b2c4e6f8-0000-4000-8000-000000000001',
  voter_name: 'Ada Lovelace',
  date_of_birth: '1990-12-10T00:00:00.000Z',
  gender: 'female',
  nationality: 'GB',
  registration_number: 'AB123456C',
  address: { street: '12 Station Road', city: 'Canterbury', state: 'Kent', country: 'United Kingdom', postcode: 'CT1 2AB' },
  email: 'ada.lovelace@example.com',
  phone_number: '017684 12345',
  cell_number: '07700 900123',
  picture: 'https://randomuser.me/api/portraits/women/1.jpg',
  registered_age: 7,
}

export const candidate = {
  candidate_id: 'c0ffee00-0000-4000-8000-000000000001',
  candidate_name: 'Grace Hopper',
  party_affiliation: 'Management Party',
  biography: 'A brief bio of the candidate.',
  campaign_platform: 'Key campaign promises or platform.',
  photo_url: 'https://randomuser.me/api/portraits/women/2.jpg',
}

export const vote = { ...voter, ...candidate, voting_time: '2026-01-01 12:00:00', vote: 1 }

export const candidateTotals = {
  candidate_id: candidate.candidate_id,
  candidate_name: candidate.candidate_name,
  party_affiliation: candidate.party_affiliation,
  photo_url: candidate.photo_url,
  total_votes: 42,
}

export const stateTurnout = { state: 'Kent', count: 17 }

/** A window emission as the `window` plugin produces it: the shape plus framework metadata. */
export function asWindowEmission<T extends Record<string, unknown>>(event: T, key: string): T & { _window: { start: null; end: null; final: boolean }; _key: string } {
  return { ...event, _window: { start: null, end: null, final: false }, _key: key }
}
