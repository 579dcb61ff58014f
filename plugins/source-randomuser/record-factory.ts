/** @module Record n of the offline generator, in the configured role: a pure function of (seed, now, n). */
import type { Event } from '../../core/plugin.ts'
import { blankPerson, drawGbPerson } from './gb-person.ts'
import { generateGbUser } from './gb-user.ts'
import { createRecordRng, hashSeed } from './prng.ts'
import { candidateGender, personToVoter, toCandidate } from './roles.ts'

export interface RecordPlan {
  role: 'voter' | 'candidate' | 'raw'
  seed: string | number
  nowMs: number
  parties: readonly string[]
}

/** Returns a function giving record `n`; it reuses one RNG, so call it from one loop at a time. */
export function createRecordFactory(plan: RecordPlan): (n: number) => Event {
  const rng = createRecordRng(hashSeed(plan.seed))
  const { nowMs, parties } = plan
  if (plan.role === 'voter') {
    // The voter copies what it keeps out of the drawn person, so one person is drawn into again and again.
    const person = blankPerson()
    const options = { nowMs }
    return (n) => personToVoter(drawGbPerson(rng.reseed(n), options, person), nowMs)
  }
  if (plan.role === 'raw') return (n) => generateGbUser(rng.reseed(n), { nowMs, digests: true })
  return (n) => toCandidate(generateGbUser(rng.reseed(n), { nowMs, digests: false, gender: candidateGender(n) }), n, parties)
}
