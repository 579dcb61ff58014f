/** @module Age bands: the age in whole years at the event time, labelled by configurable lower bounds. */
import { DAY_MS, civilFromDays } from './civil-date.ts'
import { parseEventTime } from './event-time.ts'

export const DEFAULT_AGE_BANDS: readonly number[] = [18, 25, 35, 45, 55, 65]

/** Whole years between a date of birth and a time (both UTC), or undefined when the birth date is unreadable or later. */
export function ageAt(dateOfBirth: unknown, time: number): number | undefined {
  const born = parseEventTime(dateOfBirth)
  if (born === undefined || born > time) return undefined
  const birth = civilFromDays(Math.floor(born / DAY_MS))
  const now = civilFromDays(Math.floor(time / DAY_MS))
  const years = Math.floor(now / 10000) - Math.floor(birth / 10000)
  return now % 10000 < birth % 10000 ? years - 1 : years
}

/** Labels ages: bounds [18, 25, 65] give '<18', '18-24', '25-64', '65+'. Throws on bounds that are not ascending. */
export function createAgeBander(bounds: readonly number[] = DEFAULT_AGE_BANDS): (age: number) => string {
  for (let i = 1; i < bounds.length; i++) {
    if (bounds[i]! <= bounds[i - 1]!) throw new Error(`age bands [${bounds.join(', ')}] must be strictly ascending lower bounds, such as [18, 25, 35, 45, 55, 65]`)
  }
  const labels = bounds.map((low, i) => (i + 1 < bounds.length ? `${low}-${bounds[i + 1]! - 1}` : `${low}+`))
  const below = `<${bounds[0]}`
  return (age) => {
    let band = -1
    while (band + 1 < bounds.length && age >= bounds[band + 1]!) band++
    return band < 0 ? below : labels[band]!
  }
}
