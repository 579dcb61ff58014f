/** @module Vote share as an inline SVG donut with a legend. */
import { formatCount, formatShare } from '../format.ts'
import { h, type Html } from '../markup.ts'
import type { DashboardView } from '../view.ts'

const R = 70
const CIRCUMFERENCE = 2 * Math.PI * R
/** Space between segments, in px of arc. */
const GAP = 2

export function renderDonut(view: DashboardView): Html {
  const shown = view.candidates.filter((c) => c.votes > 0)
  const label = shown.length === 0 ? 'Vote share: no votes yet' : `Vote share: ${shown.map((c) => `${c.name} ${formatShare(c.share)}`).join(', ')}`
  const total = formatCount(view.votesCast)
  let offset = 0
  const segments = shown.map((c) => {
    const length = c.share * CIRCUMFERENCE
    const drawn = shown.length > 1 ? Math.max(0.5, length - GAP) : length
    const segment = h`<circle class="donut-segment" cx="100" cy="100" r="${R}" stroke="${c.color}" stroke-dasharray="${drawn.toFixed(2)} ${(CIRCUMFERENCE - drawn).toFixed(2)}" stroke-dashoffset="${(-offset).toFixed(2)}"><title>${c.name}: ${formatShare(c.share)}</title></circle>`
    offset += length
    return segment
  })
  return h`<div class="donut-wrap"><svg class="donut" viewBox="0 0 200 200" role="img" aria-label="${label}">
<circle class="donut-track" cx="100" cy="100" r="${R}"/><g transform="rotate(-90 100 100)">${segments}</g>
<text class="donut-total" x="100" y="98" text-anchor="middle" font-size="${totalSize(total)}">${total}</text><text class="donut-caption" x="100" y="122" text-anchor="middle">votes</text></svg>
<ul class="legend">${view.candidates.map((c) => h`<li><span class="dot" style="background:${c.color}"></span><span class="legend-name">${c.name}</span><span class="legend-value">${formatShare(c.share)}</span></li>`)}</ul></div>`
}

/** The centre total shrinks as it grows, so 1,234,567 still fits inside the ring. */
function totalSize(text: string): number {
  return text.length <= 5 ? 28 : text.length <= 7 ? 25 : text.length <= 9 ? 20 : 16
}
