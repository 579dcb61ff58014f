/** @module Party colours: one palette shared by the charts, the tables and the generated avatars. */

/** Distinct, readable on white, and still distinct for the common forms of colour blindness in the first three. */
export const PALETTE = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#65a30d', '#475569', '#c2410c'] as const

/** A colour per party: parties sorted by name take the palette in order, so every viewer and render agrees. */
export function partyColors(parties: Iterable<string>): Map<string, string> {
  const sorted = [...new Set(parties)].sort((a, b) => a.localeCompare(b))
  return new Map(sorted.map((party, i) => [party, PALETTE[i % PALETTE.length]!]))
}

/** Grey for anything without a party colour. */
export const NEUTRAL = '#64748b'
