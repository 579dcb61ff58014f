/** @module The dashboard's server: core's server adapter, failing with a message that says how to pick another port. */
import { startServer as serve, type RunningServer } from '../../core/http-server.ts'

export type { RunningServer }

/** Listens on `host:port`; rejects when the address cannot be bound, saying which and how to fix it. */
export async function startServer(fetch: (request: Request) => Response | Promise<Response>, host: string, port: number): Promise<RunningServer> {
  try {
    return await serve(fetch, host, port)
  } catch (error) {
    throw new Error(`dashboard: cannot listen on ${host}:${port} (${(error as Error).message}); set another \`port\` (or 0 for any free one)`, { cause: error })
  }
}
