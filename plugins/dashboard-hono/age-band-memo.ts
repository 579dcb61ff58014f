/** @module Age bands of voters at the time they vote, remembered per birth date: parsing every date of birth costs more than the rest of a vote. */
import { ageAt, createAgeBander } from '../../core/window/age-band.ts'

const DAY_MS = 86_400_000

/** The band (`18-24` … `65+`, the window plugin's defaults) of someone born at `dateOfBirth`, at time `at`. */
export type AgeBandOf = (dateOfBirth: unknown, at: number) => string | undefined

/** Remembers bands per UTC birth date for one UTC day of voting, and forgets them when the day changes. */
export function createAgeBandMemo(): AgeBandOf {
  const toBand = createAgeBander()
  const byBirthDate = new Map<string, string>()
  let day = Number.NaN
  return (dateOfBirth, at) => {
    if (typeof dateOfBirth !== 'string') return undefined
    const today = Math.floor(at / DAY_MS)
    if (today !== day) {
      day = today
      byBirthDate.clear()
    }
    // Only a UTC date (or a time in Z) names the birth date by its first ten characters.
    const utcDate = dateOfBirth.length === 10 || dateOfBirth.endsWith('Z') ? dateOfBirth.slice(0, 10) : undefined
    const known = utcDate === undefined ? undefined : byBirthDate.get(utcDate)
    if (known !== undefined) return known
    const age = ageAt(dateOfBirth, at)
    if (age === undefined) return undefined
    const band = toBand(age)
    if (utcDate !== undefined) byBirthDate.set(utcDate, band)
    return band
  }
}
