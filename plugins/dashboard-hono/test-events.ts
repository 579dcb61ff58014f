/** @module Deterministic election events in the pipeline's shapes, for the dashboard's tests, browser test and benchmark. */
import type { Event } from '../../core/plugin.ts'

export const STATES = [
  'Avon', 'Bedfordshire', 'Berkshire', 'Borders', 'Buckinghamshire', 'Cambridgeshire', 'Central', 'Cheshire', 'Cleveland', 'Clwyd',
  'Cornwall', 'County Antrim', 'County Armagh', 'County Down', 'County Fermanagh', 'County Londonderry', 'County Tyrone', 'Cumbria',
  'Derbyshire', 'Devon', 'Dorset', 'Dumfries and Galloway', 'Durham', 'Dyfed', 'East Sussex', 'Essex', 'Fife', 'Gloucestershire',
  'Grampian', 'Greater Manchester', 'Gwent', 'Gwynedd County', 'Hampshire', 'Herefordshire', 'Hertfordshire', 'Highlands and Islands',
  'Humberside', 'Isle of Wight', 'Kent', 'Lancashire', 'Leicestershire', 'Lincolnshire', 'Lothian', 'Merseyside', 'Mid Glamorgan',
  'Norfolk', 'North Yorkshire', 'Northamptonshire', 'Northumberland', 'Nottinghamshire', 'Oxfordshire', 'Powys', 'Rutland', 'Shropshire',
  'Somerset', 'South Glamorgan', 'South Yorkshire', 'Staffordshire', 'Strathclyde', 'Suffolk', 'Surrey', 'Tayside', 'Tyne and Wear',
  'Warwickshire', 'West Glamorgan', 'West Midlands', 'West Sussex', 'West Yorkshire', 'Wiltshire', 'Worcestershire',
] as const

export const CANDIDATES: Event[] = [
  { candidate_id: 'c-1', candidate_name: 'Eleanor Hughes', party_affiliation: 'Management Party', biography: 'A bio.', campaign_platform: 'A platform.', photo_url: 'https://randomuser.me/api/portraits/women/44.jpg' },
  { candidate_id: 'c-2', candidate_name: 'Marcus Bennett', party_affiliation: 'Savior Party', biography: 'A bio.', campaign_platform: 'A platform.', photo_url: 'https://randomuser.me/api/portraits/men/32.jpg' },
  { candidate_id: 'c-3', candidate_name: 'Owen Fletcher', party_affiliation: 'Tech Republic Party', biography: 'A bio.', campaign_platform: 'A platform.', photo_url: 'https://randomuser.me/api/portraits/men/75.jpg' },
]

/** A small seeded generator (mulberry32), so every run sees the same election. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** `YYYY-MM-DD HH:MM:SS`, UTC: the votes_topic `voting_time` format. */
export function toVotingTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ')
}

/** The n-th voter, the same every time: a state (skewed so the table has a clear order), a gender and a date of birth. */
export function voter(n: number): Event {
  const random = createRandom(n * 7919 + 1)
  const state = STATES[Math.floor(random() ** 1.6 * STATES.length)]!
  const year = 1940 + Math.floor(random() * 63)
  return {
    voter_id: `v-${n}`,
    voter_name: `Voter ${n}`,
    date_of_birth: `${year}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}T10:00:00.000Z`,
    gender: random() < 0.5 ? 'female' : 'male',
    nationality: 'GB',
    address: { street: '1 Main Road', city: 'Swansea', state, country: 'United Kingdom', postcode: 'L9 8UZ' },
  }
}

/** A vote by voter `n` at `at` (ms): candidates weighted 40/35/25 unless `weights` says otherwise. */
export function vote(n: number, at: number, random: () => number, weights: readonly number[] = [0.4, 0.35, 0.25]): Event {
  let r = random()
  let i = 0
  while (i < weights.length - 1 && r >= weights[i]!) r -= weights[i++]!
  const v = voter(n)
  const c = CANDIDATES[i]!
  // A plain literal in votes_topic key order, as a producer or a JSON decoder would build it (spreads make slower objects).
  return {
    voter_id: v.voter_id, voter_name: v.voter_name, date_of_birth: v.date_of_birth, gender: v.gender, nationality: v.nationality, address: v.address,
    candidate_id: c.candidate_id, candidate_name: c.candidate_name, party_affiliation: c.party_affiliation, biography: c.biography, campaign_platform: c.campaign_platform, photo_url: c.photo_url,
    voting_time: toVotingTime(at), vote: 1,
  }
}
