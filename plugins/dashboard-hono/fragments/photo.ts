/** @module A candidate photo over the generated avatar: where the remote image cannot load, the avatar shows (no JavaScript needed). */
import { avatarPath } from '../avatar.ts'
import { h, type Html } from '../markup.ts'
import type { CandidateInfo } from '../state.ts'

/**
 * Two CSS background layers, the record's photo on top of the local avatar. A background that fails
 * to load draws nothing, so offline the avatar simply shows, with no broken-image icon and no
 * script. The page script also probes each photo once and drops a failing layer, so later pushes do
 * not ask for it again. Decorative: the candidate's name always stands next to it.
 */
export function photo(candidate: CandidateInfo): Html {
  const avatar = avatarPath(candidate.id)
  const remote = toCssUrl(candidate.photoUrl)
  const layers = remote === undefined ? `url('${avatar}')` : `url('${remote}'), url('${avatar}')`
  return h`<span class="photo" aria-hidden="true" style="background-image:${layers}"${remote === undefined ? '' : h` data-photo="${remote}"`}></span>`
}

/** An http(s) URL made safe inside CSS `url('…')`; undefined for anything else. */
export function toCssUrl(url: string): string | undefined {
  if (!/^https?:\/\//i.test(url)) return undefined
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return undefined
  }
  return parsed.href.replace(/['()\\\s]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`)
}
