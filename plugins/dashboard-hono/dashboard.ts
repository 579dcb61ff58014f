/** @module One live dashboard: the state, the rate meter, the viewers and the publisher, wired; no I/O. */
import type { Clock } from '../../core/clock.ts'
import type { PipelineMetrics } from '../../core/metrics.ts'
import type { Event } from '../../core/plugin.ts'
import { renderFragments } from './fragments/all.ts'
import { createHub, type Hub } from './hub.ts'
import { createPublisher, type Publisher } from './publisher.ts'
import { createRateMeter } from '../../core/rate-meter.ts'
import { applyEvents, createDashboardState, type DashboardState } from './state.ts'
import { restoreSnapshot, toSnapshot, type DashboardSnapshot } from './state-snapshot.ts'
import { tallySum } from './tally.ts'
import { toView, type DashboardView } from './view.ts'

export interface DashboardOptions {
  title: string
  clock: Clock
  metrics: () => PipelineMetrics
  pushIntervalMs: number
  heartbeatMs: number
  expectedVoters?: number | undefined
  /** A render failed in the push loop (logged and counted by the plugin; the loop goes on). */
  onError?: (error: unknown) => void
  onPublish?: (id: number, bytes: number) => void
  /** A viewer too slow to keep up was dropped. */
  onDrop?: () => void
}

/** What the HTTP app reads: current numbers and a live stream. */
export interface LiveSource {
  view(): DashboardView
  /** A new viewer's SSE stream, starting with every fragment as currently pushed. */
  connect(): ReadableStream<Uint8Array>
}

export interface Dashboard extends LiveSource {
  readonly state: DashboardState
  readonly hub: Hub
  readonly publisher: Publisher
  /** Folds a batch in; returns the events it could not use (for the `dead` port). */
  write(role: string, events: readonly Event[]): Event[]
  /** The run is complete: the page shows the result as final. */
  close(): void
  /** The picture as checkpoint state, and its inverse (before any write). */
  snapshot(): DashboardSnapshot
  restore(snapshot: unknown): void
}

export function createDashboard(options: DashboardOptions): Dashboard {
  const { clock } = options
  const state = createDashboardState()
  let meter = createRateMeter()
  const hub = createHub({ ...(options.onDrop ? { onDrop: options.onDrop } : {}) })
  let votesPerSec = 0
  let cached: { view: DashboardView; version: number; at: number } | undefined

  /** Reused while nothing changed for less than an interval, so a burst of page loads renders once. */
  const view = () => {
    const now = clock.now()
    if (cached && cached.version === state.version && now - cached.at < options.pushIntervalMs) return cached.view
    const fresh = toView(state, { title: options.title, now, votesPerSec, metrics: options.metrics(), expectedVoters: options.expectedVoters })
    cached = { view: fresh, version: state.version, at: now }
    return fresh
  }

  const publisher = createPublisher({
    clock,
    hub,
    intervalMs: options.pushIntervalMs,
    heartbeatMs: options.heartbeatMs,
    render: () => renderFragments(view()),
    onTick: () => {
      votesPerSec = meter.sample(clock.now(), tallySum(state.byCandidate))
    },
    ...(options.onError ? { onError: options.onError } : {}),
    ...(options.onPublish ? { onPublish: options.onPublish } : {}),
  })

  return {
    state,
    hub,
    publisher,
    view,
    connect: () => hub.open(publisher.snapshot()),
    write: (role, events) => applyEvents(state, role, events, clock.now()),
    close() {
      state.closedAt = clock.now()
      state.version++
    },
    snapshot: () => toSnapshot(state),
    restore(snapshot) {
      restoreSnapshot(state, snapshot)
      meter = createRateMeter() // the restored votes were not cast in the last seconds
    },
  }
}
