/** @module Keeps an embedded server this process started running: when it dies, clears what it left and starts it again, with backoff, until it is back or will not start. */
import type { Logger } from '../../core/plugin.ts'
import { describeExit, planRestart, type RestartPolicy } from './embedded-restart.ts'

/** A started server process. */
export interface RunningServer {
  pid: number
  port: number
  /** Settles when the process has exited, however it ended. */
  exited: Promise<{ code: number | null; signal: string | null }>
  /** Fast shutdown, then SIGKILL after a while. */
  stop(): Promise<void>
  /** Asks it to shut down, without waiting (for process exit hooks). */
  kill(): void
}

export interface SupervisorOptions {
  /** Starts the server, on `port` if it is free; throws with the reason from its log when it does not get ready. */
  launch(port: number): Promise<RunningServer>
  /** Clears what a dead server left (backends, its lock) before the next start. */
  clear(): Promise<void>
  /** The last lines of the server's log, for the reason a server keeps dying. */
  logTail(): string
  /** Heard after each restart (to record the new process). */
  onRestart(server: RunningServer): void
  log: Logger
  policy: RestartPolicy
  dataDir: string
}

export interface Supervisor {
  /** The server running now (or the last one, while it is being replaced). */
  readonly current: RunningServer
  /** Resolves once the server is up: at once, or when a restart is done; rejects when it could not be started again. */
  ready(): Promise<void>
  /** Stops restarting and stops the server. Idempotent. */
  stop(): Promise<void>
}

export function superviseServer(first: RunningServer, options: SupervisorOptions): Supervisor {
  const { log, policy } = options
  const cancel = new AbortController()
  let current = first
  let attempt = 1
  let upSince = performance.now()
  let restarting: Promise<void> = Promise.resolve()
  let failure: Error | undefined
  let stopping: Promise<void> | undefined

  const restart = async (dead: RunningServer, exit: { code: number | null; signal: string | null }) => {
    let plan = planRestart(policy, { attempt, upMs: performance.now() - upSince })
    const how = describeExit(exit)
    if (!plan) throw new Error(`embedded Postgres (data ${options.dataDir}) exited unexpectedly (${how}) ${attempt} times in a row, each within ${policy.stableMs} ms of starting; not starting it again. Its log: ${options.logTail()}`)
    log.warn(`embedded Postgres (pid ${dead.pid}) exited unexpectedly (${how}); restarting it (attempt ${plan.attempt})`)
    const started = performance.now()
    let lastError: unknown
    while (plan) {
      attempt = plan.attempt
      await sleep(plan.delayMs, cancel.signal)
      if (stopping) return
      try {
        await options.clear()
        const next = await options.launch(dead.port)
        current = next
        upSince = performance.now()
        watch(next)
        options.onRestart(next)
        log.info(`embedded Postgres is back on port ${next.port} (pid ${next.pid}, ${Math.round(performance.now() - started)} ms after the exit)`)
        return
      } catch (error) {
        lastError = error
        plan = planRestart(policy, { attempt, upMs: 0 })
        if (plan && !stopping) log.warn(`embedded Postgres did not start again: ${(error as Error).message}; retrying in ${plan.delayMs} ms (attempt ${plan.attempt})`)
      }
    }
    throw new Error(`embedded Postgres (data ${options.dataDir}) exited unexpectedly (${how}) and did not start again in ${attempt - 1} attempts: ${(lastError as Error).message}`, { cause: lastError })
  }

  const watch = (server: RunningServer) => {
    void server.exited.then((exit) => {
      if (stopping || server !== current) return
      restarting = restart(server, exit).catch((error: unknown) => {
        failure = error instanceof Error ? error : new Error(String(error))
        log.error(failure.message)
      })
    })
  }
  watch(first)

  return {
    get current() {
      return current
    },
    async ready() {
      // A server that dies again right after a restart starts another one: wait for the latest.
      for (let waited: Promise<void> | undefined; waited !== restarting; ) await (waited = restarting)
      if (failure) throw failure
    },
    stop: () =>
      (stopping ??= (async () => {
        cancel.abort()
        await restarting
        await current.stop()
      })()),
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((done) => {
    if (signal.aborted) return done()
    const timer = setTimeout(finish, ms)
    signal.addEventListener('abort', finish, { once: true })
    function finish() {
      clearTimeout(timer)
      signal.removeEventListener('abort', finish)
      done()
    }
  })
}
