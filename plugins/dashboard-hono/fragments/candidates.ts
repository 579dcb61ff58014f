/** @module The candidate table: rank, photo and name, party, votes, share. */
import { formatCount, formatShare } from '../format.ts'
import { h, type Html } from '../markup.ts'
import type { DashboardView } from '../view.ts'
import { party } from './leader.ts'
import { photo } from './photo.ts'

export function renderCandidates(view: DashboardView): Html {
  if (view.candidates.length === 0) return h`<p class="muted empty">No candidates yet.</p>`
  return h`<table class="table candidates"><thead><tr><th scope="col">#</th><th scope="col">Candidate</th><th scope="col" class="opt">Party</th><th scope="col" class="num">Votes</th><th scope="col" class="num">Share</th></tr></thead><tbody>${view.candidates.map(
    (c, i) => h`<tr><td class="rank">${i + 1}</td><td><span class="who">${photo(c)}<span>${c.name}</span></span></td><td class="opt">${party(c)}</td><td class="num">${formatCount(c.votes)}</td><td class="num"><span class="share-cell"><span class="share-bar"><span style="width:${(c.share * 100).toFixed(2)}%;background:${c.color}"></span></span>${formatShare(c.share)}</span></td></tr>`,
  )}</tbody></table>`
}
