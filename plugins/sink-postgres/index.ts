/** @module The `postgres` sink: the election's record (candidates, voters, votes, aggregates) and the pipeline's checkpoints, written idempotently. */
import type { Sql } from 'postgres'
import { definePlugin, RetryableError, type Event, type InputRef } from '../../core/plugin.ts'
import { runChecks } from './check.ts'
import { resetStored } from './reset.ts'
import { createCheckpointStore } from './checkpoints.ts'
import { PostgresSinkConfigSchema } from './config.ts'
import { createDatabase } from './database.ts'
import { declaredForeignKeysSql, foreignKeysAdvice } from './declared-references.ts'
import { classify, describe, isConflict } from './errors.ts'
import { candidatesTable, votersTable, votesTable, votesTableUndeclared } from './flagship.ts'
import { aggregateTable, genericTable } from './inferred-tables.ts'
import { routeInput } from './routing.ts'
import { qualified } from './sql.ts'
import { createTables, type Tables } from './tables.ts'
import { createWriter, writtenOncePerKey, type Target, type Writer } from './writer.ts'
import { WriteOrder, type Reference } from './write-order.ts'

export default definePlugin({
  name: 'postgres',
  kind: 'sink',
  description: 'Writes candidates, voters, votes and window aggregates (or any stream) to Postgres idempotently, stores checkpoints, and checks the data (`pipeline check`). `url: embedded` runs a real Postgres server with zero setup.',
  config: PostgresSinkConfigSchema,
  inputs: {
    in: { description: 'Any stream, routed by shape: window emissions to a table per upstream node, votes, voters and candidates to theirs, others as mapped under `tables`.' },
    candidates: { description: 'Candidate records → `candidates`.' },
    voters: { description: 'Voter records (votes_topic voter fields, address nested or flat) → `voters`.' },
    votes: { description: 'Enriched votes → `votes` (one per voter; a second vote is dead-lettered), writing missing voter and candidate rows from the vote first.' },
    aggregates: { description: 'Window emissions → one table per upstream node, a row per window and group key holding the latest value.' },
    rows: { description: 'Any stream → a table per upstream node (see `tables` for columns and keys).' },
  },
  metrics: {
    rows: { kind: 'count', description: 'Rows written (inserted or updated; a replayed row counts again).' },
    replayedVotes: { kind: 'count', description: 'Votes written again after a restart (the same vote, so not a duplicate).' },
    duplicateVotes: { kind: 'count', description: 'Second votes by a voter, sent to `dead`.' },
    rejectedRows: { kind: 'count', description: 'Rows the database refused (data errors), sent to `dead`.' },
    writeMs: { kind: 'gauge', description: 'Duration of the last write (exposed in seconds); the engine\'s `tally_sink_write_duration_seconds` has them all.' },
  },
  ports: { dead: 'Second votes by a voter (`_reason: duplicate_vote`), rows the database refused (`_reason: rejected`) and events the sink cannot map to their table (`_reason: unmapped`: no value for a key column, no column for a field), with `_error`.' },
  create(ctx, config) {
    const db = createDatabase(ctx, config)
    let session: Promise<{ sql: Sql; tables: Tables; writer: Writer }> | undefined
    const open = () =>
      (session ??= db.open().then((sql) => ({ sql, tables: createTables(sql, config.schema, config.createTables, { pipeline: ctx.pipelineName, node: ctx.nodeId }), writer: createWriter(sql, config.schema, config.chunkRows) }))).catch((error: unknown) => {
        session = undefined
        throw error
      })
    const targets = new Map<string, Promise<Target>>()
    const guard = <T>(what: string, run: () => Promise<T>) => {
      // Writes run side by side: only the first to see a connection lost drops the pool it used.
      const used = session
      return guarded(what, run, async () => {
        if (used !== undefined && session !== used) return
        session = undefined
        targets.clear()
        await db.discard()
      })
    }

    // Inputs whose batches may be written side by side: targets written once per key (candidates,
    // voters, votes), whichever batch commits first (a repeated key keeps the first to commit).
    const unordered = new Set<string>()
    const resolve = async (input: InputRef, events: Event[]): Promise<Target> => {
      const { tables, sql } = await open()
      const route = routeInput(input, config, events[0])
      if (route.kind === 'votes') {
        const [candidates, voters] = [await tables.ensure(candidatesTable), await tables.ensure(votersTable)]
        const votes = await tables.ensure(config.foreignKeys ? votesTable : votesTableUndeclared)
        const declared = await sql.unsafe<{ name: string }[]>(declaredForeignKeysSql, [qualified(config.schema, votes.table)])
        const advice = foreignKeysAdvice(config.schema, votes, declared.map((d) => d.name))
        if (advice) ctx.log.info(advice)
        return { kind: 'votes', candidates, voters, votes }
      }
      if (route.kind === 'candidates' || route.kind === 'voters') return { kind: 'table', spec: await tables.ensure(route.kind === 'voters' ? votersTable : candidatesTable), insertOnly: true }
      const spec = route.kind === 'aggregate' ? aggregateTable(route.table, events) : genericTable(route.table, route.mapping, events)
      return { kind: 'table', spec: await tables.ensure(spec) }
    }
    const targetFor = async (input: InputRef, events: Event[]): Promise<Target> => {
      const id = inputId(input)
      let target = targets.get(id)
      if (!target) {
        target = resolve(input, events).then((resolved) => {
          if (writtenOncePerKey(resolved)) unordered.add(id)
          return resolved
        })
        targets.set(id, target)
        void target.catch(() => targets.delete(id))
      }
      const found = await target
      if (found.kind === 'votes' || found.spec.fixed) return found
      const spec = await (await open()).tables.grow(found.spec, events)
      if (spec === found.spec) return found
      const grown: Target = { kind: 'table', spec }
      targets.set(id, Promise.resolve(grown))
      return grown
    }

    const store = createCheckpointStore({
      pipeline: ctx.pipelineName,
      node: ctx.nodeId,
      schema: config.schema,
      open,
    })

    // Writes from different inputs run at once (`concurrency`); one that references rows a running
    // write is inserting (votes → their voters) waits for that write first.
    const order = new WriteOrder()
    const references = (target: Target, events: Event[]): Reference[] => {
      const spec = target.kind === 'votes' ? target.votes : target.spec
      const found: Reference[] = []
      for (const fk of spec.foreignKeys) {
        const table = target.kind === 'votes' ? (fk.column === 'voter_id' ? target.voters.table : target.candidates.table) : fk.table
        if (!order.isWriting(table)) continue
        const column = spec.columns.find((c) => c.name === fk.column)
        found.push({ table, values: column ? events.map((e) => column.read(e)) : [] })
      }
      return found
    }
    const insertedKeys = (target: Target, events: Event[]): Set<string> | undefined => {
      if (target.kind === 'votes' || target.spec.key.length !== 1) return undefined
      const column = target.spec.columns.find((c) => c.name === target.spec.key[0])
      if (!column) return undefined
      const keys = new Set<string>()
      for (const e of events) {
        const key = column.read(e)
        if (key !== null) keys.add(key)
      }
      return keys
    }

    return {
      concurrency: config.maxConnections,
      inOrder: (input) => !unordered.has(inputId(input)),
      // A statement's cost is mostly per statement for small batches (late votes come a few at a time).
      joinUpTo: config.chunkRows,
      start: () => guard('connecting', async () => void (await open())),
      async write(events, input, emit) {
        if (events.length === 0) return
        const started = performance.now()
        const outcome = await guard(`writing the batch from \`${input.from}\``, async () => {
          const { writer } = await open()
          const target = await targetFor(input, events)
          const blockers = order.blockers(references(target, events))
          if (blockers.length > 0) await Promise.allSettled(blockers)
          const written = writer.write(target, events)
          // Votes also insert voters and candidates, but only ones already written or in this batch: nobody waits for them.
          if (target.kind === 'table') order.track(target.spec.table, insertedKeys(target, events), written)
          return written
        })
        ctx.metrics.count('rows', outcome.written)
        if (outcome.replayed > 0) ctx.metrics.count('replayedVotes', outcome.replayed)
        if (outcome.duplicates.length > 0) ctx.metrics.count('duplicateVotes', outcome.duplicates.length)
        if (outcome.rejected.length > 0) ctx.metrics.count('rejectedRows', outcome.rejected.length)
        if (outcome.duplicates.length + outcome.rejected.length > 0) emit([...outcome.duplicates, ...outcome.rejected], 'dead')
        ctx.metrics.gauge('writeMs', Math.round(performance.now() - started))
      },
      checkpoints: {
        load: () => guard('loading the checkpoint', () => store.load()),
        save: (checkpoint) => guard('saving the checkpoint', () => store.save(checkpoint)),
      },
      stop: () => db.close(),
    }
  },
  check: (ctx, config) => runChecks(ctx, config),
  reset: (ctx, config) => resetStored(ctx, config),
})

const inputId = (input: InputRef) => `${input.role}\u0000${input.from}`

/** Connection trouble drops the pool and becomes a RetryableError for the engine; other failures keep their message, with what was being done. */
async function guarded<T>(what: string, run: () => Promise<T>, onConnectionLost: () => Promise<void>): Promise<T> {
  try {
    return await run()
  } catch (error) {
    if (isConflict(error)) throw new RetryableError(`${what}: ${describe(error)}; will retry`, { cause: error })
    if (error instanceof RetryableError || classify(error) === 'retry') {
      await onConnectionLost()
      if (error instanceof RetryableError) throw error
      throw new RetryableError(`${what}: Postgres is unreachable or restarting (${describe(error)}); will retry`, { cause: error })
    }
    throw new Error(`${what}: ${describe(error)}`, { cause: error })
  }
}
