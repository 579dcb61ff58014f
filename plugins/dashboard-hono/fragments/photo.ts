/** @module A candidate photo that falls back to the generated avatar when the remote image cannot load. */
import { avatarPath } from '../avatar.ts'
import type { CandidateInfo } from '../state.ts'
import { h, type Html } from '../markup.ts'

/**
 * The record's photo when it is an http(s) URL, else the avatar. The avatar is also the background
 * (what shows while a photo loads, or without JavaScript) and `data-fallback` (what the page script
 * swaps in when the photo fails). Decorative: the name always stands next to it.
 */
export function photo(candidate: CandidateInfo, size: number): Html {
  const fallback = avatarPath(candidate.id)
  const src = /^https?:\/\//i.test(candidate.photoUrl) ? candidate.photoUrl : fallback
  return h`<img class="photo" src="${src}" data-fallback="${fallback}" width="${size}" height="${size}" alt="" referrerpolicy="no-referrer" style="background-image:url('${fallback}')">`
}
