/** @module The voting simulator: one enriched vote (votes_topic shape) per voter, choosing among the candidates it has seen. */
import { definePlugin, type Emit, type Event, type NodeMetricsRecorder } from '../../core/plugin.ts'
import { createPacer, pacedChunkSize } from '../../core/pacer.ts'
import { VotingConfigSchema, type VotingConfig } from './schema.ts'
import { createSimulator, type Simulator } from './simulator.ts'

const CANDIDATE_POLL_MS = 100
const CHUNK_LIMIT = 1000

export default definePlugin({
  name: 'voting',
  kind: 'transform',
  description: 'Casts one vote per voter for one of the candidates (uniform, weighted, or by state and age band), stamped in event time with optional jitter and late arrivals.',
  config: VotingConfigSchema,
  inputs: {
    voters: { description: 'Voters in the voters_topic shape.', required: true },
    candidates: { description: 'Candidates (candidate_id, candidate_name, party_affiliation, biography, campaign_platform, photo_url).', required: true, first: true },
  },
  metrics: {
    duplicates: { kind: 'count', description: 'Voters seen a second time: no second vote, a dead letter instead.' },
    abstained: { kind: 'count', description: 'Voters who did not vote (1 - `turnout`).' },
    late_votes: { kind: 'count', description: 'Votes given a voting time before the watermark on purpose (`lateFraction`).' },
    seen_voters: { kind: 'gauge', description: 'Voters remembered to refuse second votes.' },
    seen_state_bytes: { kind: 'gauge', description: 'Size of the seen-voter state kept in checkpoints.' },
  },
  ports: { dead: 'Repeated voters { reason: "duplicate_vote", voter_id, record }, and invalid voters or candidates { reason, detail, record }.' },
  create(ctx, config) {
    checkOptions(config)
    const simulator = createSimulator({ ...config, startMs: Date.parse(config.startTime) })
    const pacer = createPacer(ctx.clock, config.ratePerSec)
    const chunkSize = pacedChunkSize(config.ratePerSec, CHUNK_LIMIT)

    const waitForCandidates = async () => {
      for (let waited = 0; simulator.candidateCount === 0; waited += CANDIDATE_POLL_MS) {
        if (waited >= config.candidatesTimeoutMs) {
          throw new Error(
            `voters arrived but no candidates did within ${config.candidatesTimeoutMs} ms; wire a candidates stream that yields at least one candidate (from: { voters: …, candidates: … }) or raise \`candidatesTimeoutMs\``,
          )
        }
        await ctx.clock.sleep(CANDIDATE_POLL_MS, ctx.signal)
      }
    }

    return {
      async process(events: Event[], input, emit: Emit) {
        if (input.role === 'candidates') return emitDead(simulator.addCandidates(events), emit)
        if (events.length === 0) return
        await waitForCandidates()
        for (let i = 0; i < events.length; i += chunkSize) {
          const chunk = events.slice(i, i + chunkSize)
          await pacer.take(chunk.length, ctx.signal, ctx.draining)
          castAndEmit(simulator, chunk, ctx.clock.now(), emit, ctx.metrics)
        }
      },
      snapshot: () => simulator.snapshot(),
      restore: (state) => simulator.restore(state),
    }
  },
})

function castAndEmit(simulator: Simulator, voters: Event[], nowMs: number, emit: Emit, metrics: NodeMetricsRecorder): void {
  const result = simulator.cast(voters, nowMs)
  if (result.votes.length > 0) emit(result.votes)
  emitDead(result.dead, emit)
  if (result.duplicates > 0) metrics.count('duplicates', result.duplicates)
  if (result.abstained > 0) metrics.count('abstained', result.abstained)
  if (result.late > 0) metrics.count('late_votes', result.late)
  metrics.gauge('seen_voters', simulator.seenVoters)
  metrics.gauge('seen_state_bytes', simulator.stateBytes)
}

function emitDead(dead: Event[], emit: Emit): void {
  if (dead.length > 0) emit(dead, 'dead')
}

/** Options that would silently do nothing are configuration errors. (Hook errors need no node name: the engine adds it.) */
function checkOptions(config: VotingConfig): void {
  const demographicOnly = (['stateWeights', 'ageBandWeights'] as const).filter((key) => config[key] !== undefined)
  if (config.choice === 'uniform' && config.weights !== undefined) throw new Error(`\`weights\` has no effect with choice: uniform; set choice: weighted (or demographic)`)
  if (config.choice !== 'demographic' && demographicOnly.length > 0) {
    throw new Error(`\`${demographicOnly[0]}\` has no effect with choice: ${config.choice}; set choice: demographic`)
  }
  if (!Number.isFinite(Date.parse(config.startTime))) {
    throw new Error(`\`startTime\` is not a valid date: "${config.startTime}" (use an ISO-8601 UTC time such as 2025-05-01T07:00:00Z)`)
  }
}
