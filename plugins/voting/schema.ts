/** @module The voting simulator's options: the single source of truth for its config, types and docs. */
import { Type, type Static } from '@sinclair/typebox'

/** When a simulated election opens unless `startTime` says otherwise: polls opening at 07:00 on a May polling day, after the voters' fixed `now`. */
export const DEFAULT_START_TIME = '2025-05-01T07:00:00Z'

const Weights = Type.Record(Type.String(), Type.Number({ minimum: 0 }), {
  description: 'Relative weights keyed by candidate_id, candidate_name or party_affiliation (first match wins); unnamed candidates weigh 1.',
})

export const VotingConfigSchema = Type.Object(
  {
    seed: Type.Union([Type.String(), Type.Number()], {
      default: 'tally',
      description: "Seed of every voter's choices. A voter's candidate, turnout, jitter and lateness depend only on the seed and voter_id, so replays decide the same.",
    }),
    choice: Type.Union([Type.Literal('uniform'), Type.Literal('weighted'), Type.Literal('demographic')], {
      default: 'uniform',
      description: 'uniform: every candidate equally likely (the classic demo). weighted: `weights`. demographic: `weights` tilted per state and age band (`skew`, `stateWeights`, `ageBandWeights`).',
    }),
    weights: Type.Optional(Weights),
    stateWeights: Type.Optional(
      Type.Record(Type.String(), Weights, { description: 'demographic: multipliers per state (address.state), replacing the seeded tilt for the candidates they name.' }),
    ),
    ageBandWeights: Type.Optional(
      Type.Record(Type.String(), Weights, { description: 'demographic: multipliers per age band (18-24, 25-34, 35-44, 45-54, 55-64, 65+), replacing the seeded tilt for the candidates they name.' }),
    ),
    skew: Type.Number({
      minimum: 0,
      maximum: 3,
      default: 0.5,
      description: 'demographic: strength of the seeded per-state and per-age-band tilts; each multiplies a weight by a factor between 4^-skew and 4^skew.',
    }),
    turnout: Type.Number({ minimum: 0, maximum: 1, default: 1, description: 'Fraction of voters who vote; the others abstain (counted as `abstained`).' }),
    ratePerSec: Type.Number({
      minimum: 0,
      default: 2000,
      description: 'Voters handled per second, paced through the clock (the classic demo did 5); 0 is unthrottled. Pacing slows the source through backpressure; a graceful stop votes the voters in flight unpaced.',
    }),
    startTime: Type.String({
      pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?Z$',
      default: DEFAULT_START_TIME,
      description:
        'With durationMs: when the election opens (the time of vote 0), ISO-8601 UTC. A fixed time, not the clock, so votes replayed after a crash get the same voting_time; a resumed pipeline keeps the start its checkpoint recorded.',
    }),
    durationMs: Type.Integer({
      minimum: 0,
      default: 0,
      description: 'Event-time length of the election. 0: voting_time is the clock at the vote (as in the classic demo). Otherwise vote k is cast at startTime + durationMs·k/expectedVoters.',
    }),
    expectedVoters: Type.Integer({ minimum: 1, default: 100000, description: 'With durationMs: how many votes the election spans (later votes continue at the same pace).' }),
    jitterMs: Type.Integer({ minimum: 0, default: 1000, description: 'Each voting_time moves by a seeded amount within ±jitterMs, so event time is not perfectly ordered.' }),
    lateFraction: Type.Number({ minimum: 0, maximum: 1, default: 0, description: 'Fraction of votes that arrive late: their voting_time lies `lateByMs` in the past.' }),
    lateByMs: Type.Integer({ minimum: 0, default: 120000, description: 'How far in the past a late vote is stamped (beyond the default allowed lateness of 60 s).' }),
    candidatesTimeoutMs: Type.Integer({
      minimum: 0,
      default: 10000,
      description: 'How long voters wait for a first candidate before the node fails.',
    }),
  },
  { additionalProperties: false, examples: [{ ratePerSec: 0 }, { choice: 'demographic', turnout: 0.7, durationMs: 3600000, lateFraction: 0.01 }] },
)

export type VotingConfig = Static<typeof VotingConfigSchema>
