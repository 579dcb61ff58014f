/** @module The randomuser source's options: the single source of truth for its config, types and docs. */
import { Type, type Static } from '@sinclair/typebox'
import { DEFAULT_PARTIES } from './roles.ts'

/** Fixed so runs are reproducible: ages are counted up to this instant unless `now` says otherwise. */
export const DEFAULT_NOW = '2025-01-01T00:00:00.000Z'
export const DEFAULT_URL = 'https://randomuser.me/api/1.4/'

export const RandomUserConfigSchema = Type.Object(
  {
    role: Type.Union([Type.Literal('voter'), Type.Literal('candidate'), Type.Literal('raw')], {
      default: 'voter',
      description: 'What each event is: a voters_topic voter, a candidate (parties assigned in turn), or the untouched randomuser record.',
    }),
    count: Type.Optional(
      Type.Integer({
        minimum: 0,
        description: 'How many records to produce. Omitted: unbounded for voter and raw, one per party for candidate.',
      }),
    ),
    seed: Type.Union([Type.String(), Type.Number()], {
      default: 'tally',
      description: 'Seed of the generator (and the `seed` query parameter in HTTP mode). The same seed and `now` give the same records. 7 and "7" are the same seed.',
    }),
    now: Type.String({
      pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?Z$',
      default: DEFAULT_NOW,
      description: 'The instant ages (dob.age, registered.age) are counted to, as an ISO-8601 UTC time. Fixed by default so output is reproducible.',
    }),
    uuidVersion: Type.Union([Type.Literal(4), Type.Literal(7)], {
      default: 4,
      description:
        'Offline mode: the version of `login.uuid` (voter_id, candidate_id). 4: random, as randomuser.me issues them. 7 (RFC 9562): record n is stamped `now` + n ms, so ids sort in record order and a database index on them takes each new id at its right edge instead of a random page (the flagship writes 1M voters ~20% faster). The other bits are drawn as before.',
    }),
    nat: Type.Literal('GB', { default: 'GB', description: 'Nationality of the records. Only GB is supported so far.' }),
    parties: Type.Array(Type.String({ minLength: 1 }), {
      minItems: 1,
      default: [...DEFAULT_PARTIES],
      description: 'Candidate role: candidate n stands for parties[n % length].',
    }),
    batchSize: Type.Integer({ minimum: 1, maximum: 100000, default: 1000, description: 'Records per batch.' }),
    ratePerSec: Type.Number({ minimum: 0, default: 0, description: 'Records per second; 0 produces as fast as the pipeline pulls.' }),
    mode: Type.Union([Type.Literal('generate'), Type.Literal('http')], {
      default: 'generate',
      description: 'generate: offline, deterministic, no network (the default). http: fetch pages from `url`.',
    }),
    url: Type.String({ minLength: 1, default: DEFAULT_URL, description: 'HTTP mode: a randomuser-compatible API endpoint.' }),
    pageSize: Type.Integer({
      minimum: 1,
      maximum: 5000,
      default: 5000,
      description: 'HTTP mode: results per request. Positions map to pages through it, so keep it unchanged across a resume.',
    }),
    maxAttempts: Type.Integer({ minimum: 1, default: 5, description: 'HTTP mode: attempts per page before failing (429, 5xx, timeouts and error answers are retried).' }),
    timeoutMs: Type.Integer({ minimum: 1, default: 30000, description: 'HTTP mode: time limit per request, body included.' }),
    backoffMs: Type.Integer({ minimum: 0, default: 1000, description: 'HTTP mode: wait before the first retry; doubles per attempt up to 30 s. A longer Retry-After wins.' }),
  },
  { additionalProperties: false, examples: [{ role: 'candidate', seed: 7 }, { role: 'voter', count: 100000, seed: 42 }] },
)

export type RandomUserConfig = Static<typeof RandomUserConfigSchema>
