/** @module The leading candidate: photo, name, party, votes and lead margin; a tie is shown as a tie. */
import { formatCount, formatShare, votesWord } from '../format.ts'
import { h, type Html } from '../markup.ts'
import type { CandidateView, DashboardView } from '../view.ts'
import { photo } from './photo.ts'

export function renderLeader(view: DashboardView): Html {
  const leader = view.leader
  if (leader.kind === 'none') {
    const standing = view.candidates.length
    const note = standing === 0 ? 'The leader appears with the first vote.' : `${formatCount(standing)} ${standing === 1 ? 'candidate' : 'candidates'} standing; the leader appears with the first vote.`
    return h`<div class="leader leader-empty"><p class="leader-name">No votes yet</p><p class="muted">${note}</p></div>`
  }
  if (leader.kind === 'tie') {
    return h`<div class="leader leader-tie"><p class="tie-title">${view.closedAt === undefined ? '' : 'Final result: '}Tie: ${formatCount(leader.candidates.length)} candidates at ${formatCount(leader.votes)} ${votesWord(leader.votes)} each</p>
<ul class="tie-list">${leader.candidates.map((c) => h`<li>${photo(c)}<span><strong>${c.name}</strong>${party(c)}</span></li>`)}</ul></div>`
  }
  const c = leader.candidate
  const runnerUp = view.candidates[1]
  return h`<div class="leader">${photo(c)}<div class="leader-text">${view.closedAt === undefined ? '' : h`<p class="leader-result">Winner</p>`}
<p class="leader-name">${c.name}</p>${party(c)}
<p class="leader-votes"><strong>${formatCount(c.votes)}</strong> ${votesWord(c.votes)} <span class="muted">· ${formatShare(c.share)}</span></p>
<p class="leader-margin">${
    runnerUp === undefined
      ? 'Unopposed'
      : h`${view.closedAt === undefined ? 'Leads' : 'Won over'} ${runnerUp.name} by <strong>${formatCount(leader.margin)}</strong> ${votesWord(leader.margin)} (${(leader.marginShare * 100).toFixed(1)} pts)`
  }</p></div></div>`
}

/** A party name with its colour dot. */
export function party(c: CandidateView): Html {
  return h`<span class="party"><span class="dot" style="background:${c.color}"></span>${c.party}</span>`
}
