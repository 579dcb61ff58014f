/** @module How numbers, shares and times read on the page. */

const counts = new Intl.NumberFormat('en-US')
const decimals = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 })

export function formatCount(n: number): string {
  return counts.format(Math.round(n))
}

/** `vote` or `votes`, for a count. */
export function votesWord(n: number): string {
  return n === 1 ? 'vote' : 'votes'
}

/** A 0..1 share as `45.2%`. */
export function formatShare(share: number): string {
  return `${decimals.format(share * 100)}%`
}

/** Rates below 10 keep one decimal, so a trickle does not read as zero. */
export function formatRate(perSec: number): string {
  return perSec < 10 ? decimals.format(perSec) : counts.format(Math.round(perSec))
}

/** `2026-01-01 12:00:00 UTC`, or an em dash for never. */
export function formatTime(ms: number | undefined): string {
  if (ms === undefined) return '—'
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`
}

/** Up to two initials: first and last word. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter((w) => w !== '')
  const first = words[0]?.[0] ?? '?'
  const last = words.length > 1 ? (words.at(-1)?.[0] ?? '') : ''
  return (first + last).toUpperCase()
}
