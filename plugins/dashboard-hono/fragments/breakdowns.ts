/** @module Votes by gender, age band and party, as labelled share bars. */
import { NEUTRAL } from '../colors.ts'
import { formatCount, formatShare } from '../format.ts'
import { h, type Html } from '../markup.ts'
import type { DashboardView, Share } from '../view.ts'

const GENDER_COLORS: Record<string, string> = { female: '#db2777', male: '#2563eb' }

export function renderBreakdowns(view: DashboardView): Html {
  return h`${group('By gender', view.genders, (s) => GENDER_COLORS[s.key.toLowerCase()] ?? NEUTRAL)}
${group('By age band', view.ageBands, () => '#0891b2')}
${group('By party', view.parties, (s) => view.parties.find((p) => p.key === s.key)?.color ?? NEUTRAL)}`
}

function group(title: string, shares: readonly Share[], color: (s: Share) => string): Html {
  return h`<div class="breakdown"><h3>${title}</h3>${
    shares.length === 0
      ? h`<p class="muted empty">No data yet.</p>`
      : h`<ul class="mini-bars">${shares.map(
          (s) => h`<li><span class="mini-label">${s.key}</span><span class="bar-track"><span class="bar-fill" style="width:${(s.share * 100).toFixed(2)}%;background:${color(s)}"></span></span><span class="mini-value">${formatShare(s.share)} <span class="muted">${formatCount(s.count)}</span></span></li>`,
        )}</ul>`
  }</div>`
}
