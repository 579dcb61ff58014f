/** @module The sink's connection: a postgres.js pool to `url`, or to the embedded server (shared by every sink of this process using the same folder). */
import { join } from 'node:path'
import postgres, { type Sql } from 'postgres'
import { RetryableError, type PluginContext } from '../../core/plugin.ts'
import type { PostgresSinkConfig } from './config.ts'
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded.ts'
import { classify, describe, redactUrl } from './errors.ts'

export interface Database {
  /** Connects (starting the embedded server if asked) and checks the server answers. Retryable failures throw RetryableError. */
  open(): Promise<Sql>
  /**
   * Drops the pool after a connection failure, so the next `open()` starts a fresh one: postgres.js
   * 3.4.9 can leave a broken connection unable to write again (porsager/postgres#1208).
   */
  discard(): Promise<void>
  /** Drains the pool and stops the embedded server if this was its last user. Idempotent. */
  close(): Promise<void>
}

const embedded = new Map<string, { server: Promise<EmbeddedPostgres>; users: number }>()

/** The embedded server for `dir`, started (or joined) by the first sink that needs it. `url()` waits while a server that died is being started again. */
async function acquireEmbedded(dir: string, config: PostgresSinkConfig, log: PluginContext['log']): Promise<{ url(): Promise<string>; release(): Promise<void> }> {
  let entry = embedded.get(dir)
  if (!entry) {
    entry = { server: startEmbeddedPostgres({ dir, reset: config.reset, port: config.port, log }), users: 0 }
    embedded.set(dir, entry)
    void entry.server.catch(() => embedded.delete(dir))
  }
  entry.users++
  const server = await entry.server
  if (server.created) log.info(`embedded Postgres: created its database (${server.created === 'initdb' ? 'initdb, first on this machine' : 'copied from the initdb template'}) in ${Math.round(server.timings.createMs)} ms`)
  log.info(`embedded Postgres ${server.owned ? 'started' : 'joined'} on 127.0.0.1:${server.port} in ${Math.round(server.timings.startMs)} ms (data ${server.dataDir})`)
  let released = false
  return {
    async url() {
      await server.ready()
      return server.url
    },
    async release() {
      if (released) return
      released = true
      if (--entry.users > 0) return
      embedded.delete(dir)
      await server.stop()
    },
  }
}

export function createDatabase(ctx: PluginContext, config: PostgresSinkConfig): Database {
  let server: Promise<{ url(): Promise<string>; release(): Promise<void> }> | undefined
  let opening: Promise<Sql> | undefined
  let closing: Promise<void> | undefined
  let pool: Sql | undefined

  const serverUrl = () => {
    if (config.url !== 'embedded') return Promise.resolve(config.url)
    server ??= acquireEmbedded(join(ctx.stateDir, 'postgres'), config, ctx.log).catch((error: unknown) => {
      server = undefined
      throw error
    })
    return server.then((s) => s.url())
  }

  const connect = async (): Promise<Sql> => {
    const url = await serverUrl()
    const sql = (pool = postgres(url, { max: config.maxConnections, onnotice: () => undefined, connect_timeout: 10, transform: { undefined: null } }))
    try {
      await sql`SELECT 1`
    } catch (error) {
      const message = `cannot reach Postgres at ${redactUrl(url)}: ${describe(error)}`
      if (classify(error) === 'retry') throw new RetryableError(message, { cause: error })
      throw new Error(`${message} (check \`url\`, or use \`url: embedded\`)`, { cause: error })
    }
    return sql
  }

  const discard = async () => {
    const old = pool
    opening = pool = undefined
    await old?.end({ timeout: 0 })
  }

  return {
    open() {
      if (closing) return Promise.reject(new Error('the postgres sink is stopped: nothing more can be written'))
      opening ??= connect().catch(async (error: unknown) => {
        await discard()
        throw error
      })
      return opening
    },
    discard,
    close() {
      closing ??= (async () => {
        await opening?.catch(() => undefined)
        await pool?.end({ timeout: 5 })
        await (await server?.catch(() => undefined))?.release()
      })()
      return closing
    },
  }
}
