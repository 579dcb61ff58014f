/** @module "Last updated": when the dashboard last took in an event. */
import { formatTime } from '../format.ts'
import { h, type Html } from '../markup.ts'
import type { DashboardView } from '../view.ts'

export function renderUpdated(view: DashboardView): Html {
  if (view.closedAt !== undefined) {
    const last = view.updatedAt === undefined ? '' : h` · last update <time datetime="${new Date(view.updatedAt).toISOString()}">${formatTime(view.updatedAt)}</time>`
    return h`<span class="closed" data-closed="true">Election closed</span> <span class="muted">Final result</span>${last}`
  }
  if (view.updatedAt === undefined) return h`<span class="muted">Waiting for the first event…</span>`
  return h`Last updated <time datetime="${new Date(view.updatedAt).toISOString()}">${formatTime(view.updatedAt)}</time>`
}
