import { describe, expect, it } from 'vitest'
import { AGE_BANDS } from './age-band.ts'
import { createChoiceModel, type ChoiceSettings } from './choice-model.ts'
import type { Candidate } from './vote.ts'

const candidates: Candidate[] = ['Management Party', 'Savior Party', 'Tech Republic Party'].map((party, i) => ({
  candidate_id: `c${i}`, candidate_name: `Name ${i}`, party_affiliation: party, biography: '', campaign_platform: '', photo_url: '',
}))
const settings: ChoiceSettings = { choice: 'uniform', seed: 1, skew: 0.5 }
const N = 100_000

/** Shares per candidate when draws sweep [0, 1) evenly. */
function shares(choose: (u: number) => number): number[] {
  const counts = candidates.map(() => 0)
  for (let i = 0; i < N; i++) counts[choose((i + 0.5) / N)]!++
  return counts.map((c) => c / N)
}

describe('choice models', () => {
  it('uniform gives every candidate the same share', () => {
    const choose = createChoiceModel(settings, candidates)
    for (const share of shares((u) => choose(u, 'Kent', 1))) expect(share).toBeCloseTo(1 / 3, 3)
  })

  it('weighted follows weights named by party, candidate id or name; others weigh 1', () => {
    const choose = createChoiceModel({ ...settings, choice: 'weighted', weights: { 'Savior Party': 2, c2: 0 } }, candidates)
    expect(shares((u) => choose(u, 'Kent', 1)).map((s) => +s.toFixed(3))).toEqual([0.333, 0.667, 0])
  })

  it('refuses weights that are all zero', () => {
    expect(() => createChoiceModel({ ...settings, choice: 'weighted', weights: { c0: 0, c1: 0, c2: 0 } }, candidates)).toThrow(/every candidate has weight 0/)
  })

  it('demographic varies by state and by age band, deterministically from the seed', () => {
    const demographic = { ...settings, choice: 'demographic' as const }
    const choose = createChoiceModel(demographic, candidates)
    const kent = shares((u) => choose(u, 'Kent', 1))
    const fife = shares((u) => choose(u, 'Fife', 1))
    const kentOld = shares((u) => choose(u, 'Kent', 6))
    expect(Math.max(...kent.map((s, i) => Math.abs(s - fife[i]!)))).toBeGreaterThan(0.02)
    expect(Math.max(...kent.map((s, i) => Math.abs(s - kentOld[i]!)))).toBeGreaterThan(0.02)
    expect(shares((u) => createChoiceModel(demographic, candidates)(u, 'Kent', 1))).toEqual(kent)
    expect(shares((u) => createChoiceModel({ ...demographic, seed: 2 }, candidates)(u, 'Kent', 1))).not.toEqual(kent)
  })

  it('demographic honours explicit state and age-band weights over the seeded tilts', () => {
    const choose = createChoiceModel(
      { ...settings, choice: 'demographic', skew: 0, stateWeights: { Kent: { 'Savior Party': 0 } }, ageBandWeights: { '65+': { c0: 3 } } },
      candidates,
    )
    expect(shares((u) => choose(u, 'Kent', 1)).map((s) => +s.toFixed(3))).toEqual([0.5, 0, 0.5])
    expect(shares((u) => choose(u, 'Fife', AGE_BANDS.indexOf('65+'))).map((s) => +s.toFixed(3))).toEqual([0.6, 0.2, 0.2])
    expect(shares((u) => choose(u, 'Fife', 1)).map((s) => +s.toFixed(3))).toEqual([0.333, 0.333, 0.333])
  })
})
