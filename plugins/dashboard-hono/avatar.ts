/** @module Generated candidate avatars (initials on the party colour), served locally so the offline page looks right. */
import { initials } from './format.ts'
import { h } from './markup.ts'

/** An SVG avatar: a disc in `color` with the name's initials. `color` must be a palette colour, never data. */
export function renderAvatar(name: string, color: string): string {
  return String(h`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96" width="96" height="96" role="img" aria-label="${name}">
<circle cx="48" cy="48" r="48" fill="${color}"/>
<circle cx="48" cy="48" r="46" fill="none" stroke="#ffffff" stroke-opacity=".25" stroke-width="2"/>
<text x="48" y="49" text-anchor="middle" dominant-baseline="central" font-family="system-ui,-apple-system,Segoe UI,Roboto,sans-serif" font-size="36" font-weight="600" fill="#ffffff">${initials(name)}</text>
</svg>`)
}

/** The URL of a candidate's avatar, safe inside attributes and CSS `url('…')`. */
export function avatarPath(candidateId: string): string {
  const encoded = encodeURIComponent(candidateId).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  return `/avatar/${encoded}.svg`
}
