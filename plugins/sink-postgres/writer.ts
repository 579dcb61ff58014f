/** @module Writes one batch as one statement per chunk: unnest inserts, votes with their voter and candidate rows, duplicates and bad rows sorted out. */
import type { Sql } from 'postgres'
import type { Event } from '../../core/plugin.ts'
import { columnLiteral } from './array-literal.ts'
import { classify, describe } from './errors.ts'
import { candidatesOfVotes, votesWithVoter } from './flagship.ts'
import { unmappable } from './inferred-tables.ts'
import { conflictingVotesSql, insertSql, votesBatchSql } from './sql.ts'
import { keyMissing } from './table-key.ts'
import { lastPerKey, type TableSpec } from './table-spec.ts'

const FOREIGN_KEY_VIOLATION = '23503'
const UNIQUE_VIOLATION = '23505'
/** After a plain insert met a stored key (a replay after a restart), chunks of that table written with the conflict rule before trying plain again. */
const UPSERT_CHUNKS_AFTER_CONFLICT = 64
/** invalid_column_reference: no unique index matches the ON CONFLICT columns. */
const NO_MATCHING_KEY = '42P10'

/**
 * Where a batch goes: the three votes tables together, or a single table. `insertOnly`: rows are
 * written once per key and never updated (candidates, voters), so a chunk is first inserted without
 * a conflict rule, which costs Postgres ~15% less per row, and again with it if a key was stored.
 */
export type Target = { kind: 'votes'; candidates: TableSpec; voters: TableSpec; votes: TableSpec } | { kind: 'table'; spec: TableSpec; insertOnly?: boolean }

/** Whether a target's rows are written once per key and never updated (votes too), so writes of its batches commute. */
export function writtenOncePerKey(target: Target): boolean {
  return target.kind === 'votes' || target.insertOnly === true
}

export interface WriteOutcome {
  /** Events written (or already there: replays). */
  written: number
  /** Votes whose voter had already voted differently, marked with `_reason: 'duplicate_vote'`. */
  duplicates: Event[]
  /** Events the database refused (constraint or data errors), marked with `_reason: 'rejected'`, and events the sink cannot map to the table (`_reason: 'unmapped'`), with `_error`. */
  rejected: Event[]
  /** Votes identical to one already stored (a replay): nothing changed. */
  replayed: number
}

export interface Writer {
  write(target: Target, events: Event[]): Promise<WriteOutcome>
}

/**
 * Each chunk is a single statement, hence its own transaction: a statement either commits whole or
 * not at all, and the connection is never reused after it broke (postgres.js 3.4.9 can crash when a
 * transaction's ROLLBACK is sent on a dead connection). A batch of at most `chunkRows` events is thus
 * one transaction; larger ones are several, which is harmless because every write is idempotent.
 */
export function createWriter(sql: Sql, schema: string, chunkRows: number): Writer {
  // Statement texts by the spec they were built for (specs are replaced when a table grows).
  const caches = { table: new WeakMap<TableSpec, string>(), insertOnly: new WeakMap<TableSpec, string>(), votes: new WeakMap<TableSpec, string>(), votesInsertOnly: new WeakMap<TableSpec, string>(), votesWithVoters: new WeakMap<TableSpec, string>() }
  const textOf = (cache: keyof typeof caches, spec: TableSpec, make: () => string) => {
    let text = caches[cache].get(spec)
    if (!text) caches[cache].set(spec, (text = make()))
    return text
  }
  const columnsOf = (spec: TableSpec, events: Event[]) => spec.columns.map((c) => columnLiteral(events, c.read))

  // Chunks left to write with the conflict rule, per table, since a plain insert met a stored key.
  const upsertsLeft = new WeakMap<TableSpec, number>()
  /** `plain()` unless a stored key was met lately; `upsert()` when it fails on one. */
  const plainFirst = async <T>(spec: TableSpec, plain: () => Promise<T>, upsert: () => Promise<T>): Promise<T> => {
    const left = upsertsLeft.get(spec) ?? 0
    if (left > 0) {
      upsertsLeft.set(spec, left - 1)
      return upsert()
    }
    try {
      return await plain()
    } catch (error) {
      if ((error as { code?: unknown }).code !== UNIQUE_VIOLATION) throw error
      upsertsLeft.set(spec, UPSERT_CHUNKS_AFTER_CONFLICT)
      return upsert()
    }
  }

  const insertVotes = async (target: Extract<Target, { kind: 'votes' }>, votes: Event[], mode: 'plain' | 'upsert' | 'withVoters'): Promise<number> => {
    const { candidates, voters } = target
    const text =
      mode === 'withVoters'
        ? textOf('votesWithVoters', target.votes, () => votesBatchSql(schema, candidates, voters, target.votes))
        : mode === 'plain'
          ? textOf('votesInsertOnly', target.votes, () => votesBatchSql(schema, candidates, undefined, target.votes, false))
          : textOf('votes', target.votes, () => votesBatchSql(schema, candidates, undefined, target.votes))
    const withVoters = mode === 'withVoters'
    const params = [...columnsOf(candidates, candidatesOfVotes(votes)), ...(withVoters ? columnsOf(voters, votesWithVoter(votes)) : []), ...columnsOf(target.votes, votes)]
    const [{ n } = { n: 0 }] = await sql.unsafe<{ n: number }[]>(text, params, { prepare: true })
    return n
  }

  const writeVotes = async (target: Extract<Target, { kind: 'votes' }>, votes: Event[], outcome: WriteOutcome) => {
    // A vote may arrive before its voter's row (they come on different inputs). Usually the voter is
    // there already, so the votes are written alone; if a voter is missing (foreign key violation),
    // the statement is repeated writing the voter rows from the fields each vote carries, first.
    // Votes are inserted once per voter: first without a conflict rule (see `plainFirst`).
    let n: number
    try {
      n = await plainFirst(target.votes, () => insertVotes(target, votes, 'plain'), () => insertVotes(target, votes, 'upsert'))
    } catch (error) {
      if ((error as { code?: unknown }).code !== FOREIGN_KEY_VIOLATION) throw error
      n = await insertVotes(target, votes, 'withVoters')
    }
    if (n === votes.length) return
    // Some voters already had a vote (stored before, or earlier in this batch): the stored one is the vote.
    const keys = target.votes.columns.slice(0, 3).map((c) => columnLiteral(votes, c.read))
    const conflicts = await sql.unsafe<{ ord: number; candidate_id: string; voting_time: string }[]>(conflictingVotesSql(schema), keys, { prepare: true })
    for (const c of conflicts) {
      const vote = votes[c.ord - 1]!
      outcome.duplicates.push({ ...vote, _reason: 'duplicate_vote', _error: `voter ${String(vote.voter_id)} already voted (for candidate ${c.candidate_id} at ${c.voting_time}); a second vote is rejected` })
    }
    outcome.replayed += votes.length - n - conflicts.length
  }

  const writeChunk = async (target: Target, events: Event[], outcome: WriteOutcome) => {
    if (target.kind === 'votes') return writeVotes(target, events, outcome)
    const { spec } = target
    const rows = columnsOf(spec, lastPerKey(spec, events))
    const upsert = () => sql.unsafe(textOf('table', spec, () => insertSql(schema, spec)), rows, { prepare: true })
    if (!target.insertOnly) await upsert()
    else await plainFirst(spec, () => sql.unsafe(textOf('insertOnly', spec, () => insertSql(schema, spec, 1, false)), rows, { prepare: true }), upsert)
  }

  /** A chunk the database refuses is split in halves until the refused events are isolated and set aside. */
  const writeSplitting = async (target: Target, events: Event[], outcome: WriteOutcome): Promise<void> => {
    try {
      await writeChunk(target, events, outcome)
    } catch (error) {
      if (target.kind === 'table' && (error as { code?: unknown }).code === NO_MATCHING_KEY) throw new Error(keyMissing(schema, target.spec), { cause: error })
      if (classify(error) !== 'data') throw error
      if (events.length === 1) {
        outcome.rejected.push({ ...events[0], _reason: 'rejected', _error: `${target.kind === 'votes' ? 'votes' : target.spec.table}: ${describe(error)}` })
        return
      }
      const half = Math.ceil(events.length / 2)
      await writeSplitting(target, events.slice(0, half), outcome)
      await writeSplitting(target, events.slice(half), outcome)
    }
  }

  return {
    async write(target, events) {
      const outcome: WriteOutcome = { written: 0, duplicates: [], rejected: [], replayed: 0 }
      const rows = target.kind === 'table' ? setAsideUnmappable(target.spec, events, outcome.rejected) : events
      for (let i = 0; i < rows.length; i += chunkRows) await writeSplitting(target, rows.length <= chunkRows ? rows : rows.slice(i, i + chunkRows), outcome)
      outcome.written = events.length - outcome.duplicates.length - outcome.rejected.length
      return outcome
    },
  }
}

/** The events `spec`'s table can hold; the others are added to `rejected` with `_reason: 'unmapped'` and why. */
function setAsideUnmappable(spec: TableSpec, events: Event[], rejected: Event[]): Event[] {
  let kept: Event[] | undefined
  for (let i = 0; i < events.length; i++) {
    const problem = unmappable(spec, events[i]!)
    if (problem === undefined) {
      kept?.push(events[i]!)
      continue
    }
    kept ??= events.slice(0, i)
    rejected.push({ ...events[i], _reason: 'unmapped', _error: `${spec.table}: ${problem}` })
  }
  return kept ?? events
}
