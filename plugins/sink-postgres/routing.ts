/** @module Decides which table(s) an input stream goes to: by input role, by `tables` mapping, else by the events' shape. Pure. */
import type { Event, InputRef } from '../../core/plugin.ts'
import type { PostgresSinkConfig, TableMappingConfig } from './config.ts'

export type Route =
  | { kind: 'candidates' }
  | { kind: 'voters' }
  | { kind: 'votes' }
  | { kind: 'aggregate'; table: string }
  | { kind: 'generic'; table: string; mapping: TableMappingConfig }

export const FLAGSHIP_ROLES = ['candidates', 'voters', 'votes'] as const

/** `node` or `node.port` as a table name: lower case, anything but letters, digits and `_` as `_`. */
export function tableNameFor(from: string): string {
  const name = from.toLowerCase().replace(/[^a-z0-9_]/g, '_')
  return (/^[a-z_]/.test(name) ? name : `t_${name}`).slice(0, 63)
}

export function routeInput(input: InputRef, config: Pick<PostgresSinkConfig, 'aggregates' | 'tables'>, sample: Event | undefined): Route {
  const node = input.from.split('.')[0]!
  const role = input.role
  const flagship = FLAGSHIP_ROLES.find((r) => r === role)
  if (flagship) return { kind: flagship }
  const mapping = config.tables[input.from] ?? config.tables[node] ?? config.tables[role]
  if (mapping) return { kind: 'generic', table: mapping.table ?? tableNameFor(input.from), mapping }
  const aggregateTable = config.aggregates[input.from] ?? config.aggregates[node] ?? tableNameFor(input.from)
  if (role === 'aggregates') return { kind: 'aggregate', table: aggregateTable }
  if (role === 'rows') return { kind: 'generic', table: tableNameFor(input.from), mapping: { onConflict: 'update' } }
  const shape = shapeOf(sample)
  if (shape === 'aggregate') return { kind: 'aggregate', table: aggregateTable }
  if (shape) return { kind: shape }
  throw new Error(
    `cannot tell which table the events from \`${input.from}\` belong in (fields: ${Object.keys(sample ?? {}).slice(0, 8).join(', ') || 'none'}); wire it to a role (\`from: { votes: ${input.from} }\`; roles candidates, voters, votes, aggregates, rows) or map it under \`tables: { ${node}: { key: [...] } }\``,
  )
}

/** Window emissions carry `_window`; votes a voter, a candidate and a voting time; voters a voter; candidates a candidate. */
export function shapeOf(event: Event | undefined): 'aggregate' | 'candidates' | 'voters' | 'votes' | undefined {
  if (!event) return undefined
  if (typeof event._window === 'object' && event._window !== null) return 'aggregate'
  const has = (f: string) => event[f] !== undefined
  if (has('voter_id') && has('candidate_id') && has('voting_time')) return 'votes'
  if (has('voter_id') && !has('candidate_id')) return 'voters'
  if (has('candidate_id') && has('candidate_name') && !has('voter_id')) return 'candidates'
  return undefined
}
