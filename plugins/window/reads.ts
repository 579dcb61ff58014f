/** @module The fields a window reads of its input: its group keys, measures, carried fields and time field; late and dead events pass on whole. */
import type { FieldUse } from '../../core/plugin.ts'
import type { WindowConfig } from '../../core/window/config.ts'

export function windowReads(config: WindowConfig): FieldUse {
  const fields: string[] = []
  for (const key of config.groupBy) {
    if (typeof key === 'string') fields.push(key)
    else if ('field' in key) fields.push(key.field)
    else if ('ageBand' in key) fields.push(key.ageBand)
    else key satisfies { hourOfDay: true } // from the event time: the time field, below (a new kind of key must say what it reads)
  }
  for (const measure of config.measures) {
    if (typeof measure === 'string' || 'count' in measure) continue
    for (const [kind, field] of Object.entries(measure)) if (kind !== 'as') fields.push(field as string)
  }
  for (const carried of config.carry) fields.push(typeof carried === 'string' ? carried : carried.field)
  if (config.timeField !== null) fields.push(config.timeField)
  return { fields, through: ['late', 'dead'] }
}
