/** @module Generated biography and campaign platform for a candidate, drawn from the record itself so HTTP and offline modes agree. */
import { createRecordRng, hashSeed, type RecordRng } from './prng.ts'
import type { RandomUser } from './random-user.ts'

const PROFESSIONS = [
  'former head teacher', 'small-business owner', 'NHS nurse', 'civil engineer', 'local councillor', 'barrister',
  'software developer', 'farmer', 'trade union organiser', 'economist', 'GP', 'charity director',
]
const BACKGROUNDS = [
  'has spent two decades working with community groups',
  'has served on the county council for eight years',
  'founded a regional food bank network',
  'led the campaign to reopen the local railway station',
  'chaired the parish housing committee',
  'has campaigned for cleaner rivers since university',
  'ran a family business through two recessions',
  'volunteers as a magistrate',
]
const PLEDGES = [
  'cut NHS waiting lists', 'build 300,000 affordable homes a year', 'freeze council tax', 'bring rail back into public hands',
  'make broadband a universal service', 'double apprenticeships', 'reach net zero by 2040', 'recruit 20,000 more police officers',
  'scrap tuition fees', 'raise the minimum wage', 'invest in coastal towns', 'fund free school breakfasts',
  'cut red tape for small businesses', 'protect the green belt', 'modernise public services with open technology',
]

export interface CandidateText {
  biography: string
  campaign_platform: string
}

export function describeCandidate(user: RandomUser): CandidateText {
  const rng = createRecordRng(hashSeed(user.login.uuid)).reseed(0)
  const name = `${user.name.first} ${user.name.last}`
  const biography =
    `${name} is a ${user.dob.age}-year-old ${rng.pick(PROFESSIONS)} from ${user.location.city}, ` +
    `${user.location.state}, who ${rng.pick(BACKGROUNDS)}.`
  const pledges = drawDistinct(rng, PLEDGES, 3)
  return { biography, campaign_platform: `Pledges to ${pledges[0]}, ${pledges[1]} and ${pledges[2]}.` }
}

function drawDistinct(rng: RecordRng, list: readonly string[], n: number): string[] {
  const pool = [...list]
  const out: string[] = []
  for (let i = 0; i < n; i++) out.push(pool.splice(Math.floor(rng.float() * pool.length), 1)[0]!)
  return out
}
