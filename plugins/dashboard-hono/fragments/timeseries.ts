/** @module The votes-over-event-time series as JSON text for the page's uPlot chart (escaped: read back through textContent). */
import { h, type Html } from '../markup.ts'
import type { DashboardView } from '../view.ts'

export interface SeriesJson {
  bucketMs: number
  /** Bucket starts in seconds since the epoch (uPlot's time unit). */
  x: number[]
  series: { id: string; name: string; color: string; values: number[] }[]
}

export function toSeriesJson(view: DashboardView): SeriesJson {
  const { bucketMs, x, values, candidates } = view.timeline
  return {
    bucketMs,
    x: x.map((ms) => ms / 1000),
    series: candidates.map((c) => ({ id: c.id, name: c.name, color: c.color, values: values.get(c.id) ?? [] })),
  }
}

export function renderTimeseries(view: DashboardView): Html {
  return h`${JSON.stringify(toSeriesJson(view))}`
}
