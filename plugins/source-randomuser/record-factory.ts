/** @module Record n of the offline generator, in the configured role: a pure function of (seed, now, n). */
import type { Event } from '../../core/plugin.ts'
import { blankPerson, drawGbPerson, type DrawOptions } from './gb-person.ts'
import { generateGbUser } from './gb-user.ts'
import { createRecordRng, hashSeed } from './prng.ts'
import { candidateGender, personToVoter, toCandidate } from './roles.ts'

export interface RecordPlan {
  role: 'voter' | 'candidate' | 'raw'
  seed: string | number
  nowMs: number
  parties: readonly string[]
  /** 7: record n's uuid is a version 7 UUID with the time `nowMs + n`, so ids sort in record order (default 4: random). */
  uuidVersion?: 4 | 7
}

/** Returns a function giving record `n`; it reuses one RNG, so call it from one loop at a time. */
export function createRecordFactory(plan: RecordPlan): (n: number) => Event {
  const rng = createRecordRng(hashSeed(plan.seed))
  const { nowMs, parties } = plan
  const uuidTime = (n: number) => (plan.uuidVersion === 7 ? nowMs + n : undefined)
  if (plan.role === 'voter') {
    // The voter copies what it keeps out of the drawn person, so one person is drawn into again and again.
    const person = blankPerson()
    const options: DrawOptions = { nowMs, uuidTimeMs: undefined }
    return (n) => {
      options.uuidTimeMs = uuidTime(n)
      return personToVoter(drawGbPerson(rng.reseed(n), options, person), nowMs)
    }
  }
  if (plan.role === 'raw') return (n) => generateGbUser(rng.reseed(n), { nowMs, digests: true, uuidTimeMs: uuidTime(n) })
  return (n) => toCandidate(generateGbUser(rng.reseed(n), { nowMs, digests: false, gender: candidateGender(n), uuidTimeMs: uuidTime(n) }), n, parties)
}
