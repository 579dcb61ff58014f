/** @module Writes one batch in one transaction: chunked unnest inserts, votes with their voter and candidate rows, duplicates and bad rows sorted out. */
import type { Sql, TransactionSql } from 'postgres'
import type { Event } from '../../core/plugin.ts'
import { classify, describe } from './errors.ts'
import { candidatesOfVotes, votesWithVoter } from './flagship.ts'
import { conflictingVotesSql, insertSql } from './sql.ts'
import { lastPerKey, type TableSpec } from './table-spec.ts'

/** Where a batch goes: the three votes tables together, or a single table. */
export type Target = { kind: 'votes'; candidates: TableSpec; voters: TableSpec; votes: TableSpec } | { kind: 'table'; spec: TableSpec }

export interface WriteOutcome {
  /** Events written (or already there: replays). */
  written: number
  /** Votes whose voter had already voted differently, marked with `_reason: 'duplicate_vote'`. */
  duplicates: Event[]
  /** Events the database refused (constraint or data errors), marked with `_reason` and `_error`. */
  rejected: Event[]
  /** Votes identical to one already stored (a replay): nothing changed. */
  replayed: number
}

export interface Writer {
  write(target: Target, events: Event[]): Promise<WriteOutcome>
}

export function createWriter(sql: Sql, schema: string, chunkRows: number): Writer {
  const statements = new Map<TableSpec, { plain: string; counted: string }>()
  const statement = (spec: TableSpec) => {
    let s = statements.get(spec)
    if (!s) statements.set(spec, (s = { plain: insertSql(schema, spec), counted: insertSql(schema, spec, true) }))
    return s
  }
  const columnsOf = (spec: TableSpec, events: Event[]) => spec.columns.map((c) => events.map((e) => c.read(e)))
  const insert = async (tx: TransactionSql, spec: TableSpec, events: Event[]) => {
    if (events.length > 0) await tx.unsafe(statement(spec).plain, columnsOf(spec, events), { prepare: true })
  }

  const writeVotes = async (tx: TransactionSql, target: Extract<Target, { kind: 'votes' }>, votes: Event[], outcome: WriteOutcome) => {
    // A vote may arrive before its voter's row (they come on different inputs): the vote carries the voter's
    // and candidate's fields, so those rows are written first, in the same transaction, if missing.
    await insert(tx, target.candidates, candidatesOfVotes(votes))
    await insert(tx, target.voters, votesWithVoter(votes))
    const [{ n } = { n: 0 }] = await tx.unsafe<{ n: number }[]>(statement(target.votes).counted, columnsOf(target.votes, votes), { prepare: true })
    if (n === votes.length) return
    const keys = target.votes.columns.slice(0, 3).map((c) => votes.map((v) => c.read(v)))
    const conflicts = await tx.unsafe<{ ord: number; candidate_id: string; voting_time: string }[]>(conflictingVotesSql(schema), keys, { prepare: true })
    for (const c of conflicts) {
      const vote = votes[c.ord - 1]!
      outcome.duplicates.push({ ...vote, _reason: 'duplicate_vote', _error: `voter ${String(vote.voter_id)} already voted (for candidate ${c.candidate_id} at ${c.voting_time}); a second vote is rejected` })
    }
    outcome.replayed += votes.length - n - conflicts.length
  }

  const writeAll = async (tx: TransactionSql, target: Target, events: Event[], outcome: WriteOutcome) => {
    for (let i = 0; i < events.length; i += chunkRows) {
      const chunk = events.length <= chunkRows ? events : events.slice(i, i + chunkRows)
      if (target.kind === 'votes') await writeVotes(tx, target, chunk, outcome)
      else await insert(tx, target.spec, lastPerKey(target.spec, chunk))
    }
  }

  /** After a batch failed on its data: each event in a savepoint of its own, the refused ones set aside. */
  const writeOneByOne = async (tx: TransactionSql, target: Target, events: Event[], outcome: WriteOutcome) => {
    for (const event of events) {
      try {
        await tx.savepoint((sp) => writeAll(sp, target, [event], outcome))
      } catch (error) {
        if (classify(error) !== 'data') throw error
        outcome.rejected.push({ ...event, _reason: 'rejected', _error: `${tableOf(target)}: ${describe(error)}` })
      }
    }
  }

  return {
    async write(target, events) {
      const fresh = (): WriteOutcome => ({ written: 0, duplicates: [], rejected: [], replayed: 0 })
      let outcome = fresh()
      try {
        await sql.begin((tx) => writeAll(tx, target, events, outcome))
      } catch (error) {
        if (classify(error) !== 'data') throw error
        outcome = fresh()
        await sql.begin((tx) => writeOneByOne(tx, target, events, outcome))
      }
      outcome.written = events.length - outcome.duplicates.length - outcome.rejected.length
      return outcome
    },
  }
}

function tableOf(target: Target): string {
  return target.kind === 'votes' ? 'votes' : target.spec.table
}
