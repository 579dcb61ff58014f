/** @module Whom a voter chooses: cumulative candidate weights (uniform, fixed, or tilted by state and age band) and a uniform draw. */
import { AGE_BANDS } from './age-band.ts'
import type { Candidate } from './vote.ts'
import { fingerprint, seedWords } from './voter-hash.ts'

export interface ChoiceSettings {
  choice: 'uniform' | 'weighted' | 'demographic'
  seed: string | number
  weights?: Record<string, number>
  stateWeights?: Record<string, Record<string, number>>
  ageBandWeights?: Record<string, Record<string, number>>
  skew: number
}

/** Picks a candidate index from a uniform draw `u` in [0, 1). `state` and `band` (an AGE_BANDS index) matter only to the demographic model. */
export type ChooseCandidate = (u: number, state: string, band: number) => number

/** Built for one candidate list; rebuild when it changes. */
export function createChoiceModel(settings: ChoiceSettings, candidates: readonly Candidate[]): ChooseCandidate {
  const n = candidates.length
  if (settings.choice === 'uniform') return (u) => Math.floor(u * n)
  const base = candidates.map((c) => weightOf(settings.weights, c) ?? 1)
  if (base.every((w) => w === 0)) throw new Error('voting: every candidate has weight 0 in `weights`; give at least one a positive weight')
  const fixed = cumulative(base)
  if (settings.choice === 'weighted') return (u) => pick(fixed, u)
  const byState = new Map<string, Float64Array[]>()
  return (u, state, band) => {
    let tables = byState.get(state)
    if (!tables) byState.set(state, (tables = []))
    let table = tables[band]
    if (!table) {
      const label = AGE_BANDS[band] ?? 'unknown'
      const tilted = base.map((w, i) => w * tilt(settings, 'state', state, candidates[i]!) * tilt(settings, 'age', label, candidates[i]!))
      table = tables[band] = tilted.every((w) => w === 0) ? fixed : cumulative(tilted)
    }
    return pick(table, u)
  }
}

function weightOf(weights: Record<string, number> | undefined, c: Candidate): number | undefined {
  return weights?.[c.candidate_id] ?? weights?.[c.candidate_name] ?? weights?.[c.party_affiliation]
}

/** The explicit multiplier for (group, candidate), else a seeded factor in [4^-skew, 4^skew]. */
function tilt(settings: ChoiceSettings, kind: 'state' | 'age', group: string, c: Candidate): number {
  const explicit = weightOf((kind === 'state' ? settings.stateWeights : settings.ageBandWeights)?.[group], c)
  if (explicit !== undefined) return explicit
  if (settings.skew === 0) return 1
  const [s0] = seedWords(settings.seed)
  const u = fingerprint(`${s0}\u0000${kind}\u0000${group}\u0000${c.candidate_id}`, { hi: 0, lo: 0 }).hi / 4294967296
  return 4 ** (settings.skew * (2 * u - 1))
}

function cumulative(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length)
  let total = 0
  weights.forEach((w, i) => (out[i] = total += w))
  for (let i = 0; i < out.length; i++) out[i] = out[i]! / total
  return out
}

function pick(table: Float64Array, u: number): number {
  let lo = 0, hi = table.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (u < table[mid]!) hi = mid
    else lo = mid + 1
  }
  return lo
}
