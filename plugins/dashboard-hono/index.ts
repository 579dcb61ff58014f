/** @module The live election dashboard: a sink that keeps the current picture in memory and serves it over HTTP, pushed live over SSE. */
import { Type } from '@sinclair/typebox'
import { definePlugin, type InputSpec } from '../../core/plugin.ts'
import { createApp } from './app.ts'
import { loadAssets } from './assets.ts'
import { createDashboard } from './dashboard.ts'
import { startServer, type RunningServer } from './serve.ts'

const aggregate = (what: string, shape: string): InputSpec => ({ description: `${what}: window emissions \`${shape}\` (cumulative, or summed over tumbling windows); without it, counted from \`votes\`.` })

/** `in` first: a plain `from: node` or `from: [a, b]` lands there and is sorted by shape. */
export const INPUTS: Record<string, InputSpec> = {
  in: { description: 'Any of the inputs below, each event recognised by its fields (what `from: node` and `from: [a, b]` wire to; also Kafka topics).' },
  votes: { description: 'Votes (votes_topic shape): votes cast, votes/s, the time series, and every breakdown no aggregate input provides.' },
  candidates: { description: 'Candidate records `{candidate_id, candidate_name, party_affiliation, photo_url}`: the candidates standing, before any vote.' },
  voters: { description: 'Voter records: total voters (turnout denominator) and voters per state.' },
  by_candidate: aggregate('Votes per candidate', '{candidate_id, candidate_name, party_affiliation, photo_url, total_votes}'),
  by_state: aggregate('Votes per state', '{state, count}'),
  by_gender: aggregate('Votes per gender', '{gender, count}'),
  by_age_band: aggregate('Votes per age band', '{age_band, count}'),
  by_party: aggregate('Votes per party', '{party_affiliation, count}'),
  timeline: { description: 'Tumbling per-candidate windows `{candidate_id, total_votes|count, _window}`: the time series from the aggregator instead of from votes.' },
}

export default definePlugin({
  name: 'dashboard',
  kind: 'sink',
  description: 'Live election dashboard on http://127.0.0.1:8501: server-rendered, pushed over Server-Sent Events, no CDN.',
  inputs: INPUTS,
  ports: { dead: 'Events no dashboard input can use, with `_error` saying why.' },
  metrics: {
    viewers: { kind: 'gauge', description: 'Browsers connected to the live stream.' },
    viewers_dropped: { kind: 'count', description: 'Viewers disconnected because they fell too far behind the stream.' },
    render_errors: { kind: 'count', description: 'Updates that failed to render (logged with their error).' },
  },
  config: Type.Object(
    {
      host: Type.String({ default: '127.0.0.1', description: 'Address to bind. Anything but loopback exposes the dashboard: set `token` too.' }),
      port: Type.Integer({ minimum: 0, maximum: 65535, default: 8501, description: 'TCP port; 0 picks a free one (logged at start).' }),
      title: Type.String({ minLength: 1, maxLength: 120, default: 'Live election results', description: 'Page title and heading.' }),
      token: Type.Optional(Type.String({ minLength: 8, description: 'Read token required by every request (`?token=`, `Authorization: Bearer`, then a cookie). Secret.' })),
      pushIntervalMs: Type.Integer({ minimum: 50, maximum: 5000, default: 250, description: 'Viewers get at most one update per interval; changes in between are coalesced.' }),
      heartbeatMs: Type.Integer({ minimum: 1000, default: 15000, description: 'An idle stream gets a comment this often so proxies keep it open.' }),
      expectedVoters: Type.Optional(Type.Integer({ minimum: 1, description: 'Total registered voters, when the `voters` stream is not wired (the turnout denominator).' })),
    },
    { additionalProperties: false, examples: [{ port: 8501 }, { host: '0.0.0.0', token: 'change-me-please' }] },
  ),
  create(ctx, config) {
    const host = config.host ?? '127.0.0.1'
    const dashboard = createDashboard({
      title: config.title ?? 'Live election results',
      clock: ctx.clock,
      metrics: () => ctx.metricsSnapshot(),
      pushIntervalMs: config.pushIntervalMs ?? 250,
      heartbeatMs: config.heartbeatMs ?? 15000,
      expectedVoters: config.expectedVoters,
      onError: (error) => {
        ctx.metrics.count('render_errors')
        ctx.log.error(`dashboard \`${ctx.nodeId}\` failed to render an update: ${(error as Error).stack ?? String(error)}`)
      },
      onDrop: () => ctx.metrics.count('viewers_dropped'),
      onPublish: () => ctx.metrics.gauge('viewers', dashboard.hub.size),
    })
    const loop = new AbortController()
    let url: string | undefined
    let server: RunningServer | undefined
    let running: Promise<void> | undefined
    let stopping: Promise<void> | undefined
    return {
      async start() {
        const app = createApp(dashboard, { assets: await loadAssets(), token: config.token })
        server = await startServer(app.fetch, host, config.port ?? 8501)
        url = `http://${host.includes(':') ? `[${host}]` : host}:${server.port}`
        ctx.log.info(`dashboard \`${ctx.nodeId}\` on ${url}/`)
        if (!config.token && !isLoopback(host)) ctx.log.warn(`dashboard \`${ctx.nodeId}\` listens on ${host} without a read token: anyone who can reach it sees the results (set \`token\`)`)
        running = dashboard.publisher.run(loop.signal)
      },
      write(events, input, emit) {
        const rejected = dashboard.write(input.role, events)
        if (rejected.length > 0) emit(rejected, 'dead')
      },
      // The picture rides in the pipeline's checkpoints, so a restart shows what was durably taken in.
      snapshot: () => dashboard.snapshot(),
      restore: (state) => dashboard.restore(state),
      finish() {
        dashboard.close()
        dashboard.publisher.publish()
        ctx.log.info(`dashboard \`${ctx.nodeId}\`: the run is complete, showing the final result`)
      },
      serving: () => (stopping ? undefined : url),
      stop() {
        stopping ??= (async () => {
          loop.abort()
          await running
          dashboard.publisher.publish()
          dashboard.hub.closeAll()
          await server?.close()
        })()
        return stopping
      },
      /** The bound address once started (tests, the benchmark). */
      get url() {
        return url
      },
    }
  },
})

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.')
}
