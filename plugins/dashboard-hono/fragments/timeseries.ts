/** @module The votes-over-event-time series as JSON text for the page's uPlot chart (escaped: read back through textContent). */
import { h, type Html } from '../markup.ts'
import type { DashboardView } from '../view.ts'

/** Buckets are contiguous, so the first start and the width give every x (the page rebuilds them): half the bytes of a push. */
export interface SeriesJson {
  bucketMs: number
  /** Start of the first bucket in seconds since the epoch (uPlot's time unit); null before any vote. */
  x0: number | null
  series: { id: string; name: string; color: string; values: number[] }[]
}

export function toSeriesJson(view: DashboardView): SeriesJson {
  const { bucketMs, x, values, candidates } = view.timeline
  return {
    bucketMs,
    x0: x[0] === undefined ? null : x[0] / 1000,
    series: candidates.map((c) => ({ id: c.id, name: c.name, color: c.color, values: values.get(c.id) ?? [] })),
  }
}

export function renderTimeseries(view: DashboardView): Html {
  return h`${JSON.stringify(toSeriesJson(view))}`
}
