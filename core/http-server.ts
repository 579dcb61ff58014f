/** @module Edge file, the server adapter: serves a fetch handler with the runtime's own server (@hono/node-server on Node, Bun.serve, Deno.serve). Used by the operator server and the dashboard. */

export interface RunningServer {
  /** The bound port (useful with port 0). */
  port: number
  close(): Promise<void>
}

type Fetch = (request: Request) => Response | Promise<Response>

interface BunRuntime {
  serve(options: { fetch: Fetch; hostname: string; port: number; idleTimeout?: number }): { port: number; stop(force?: boolean): Promise<void> | void }
}
interface DenoRuntime {
  serve(options: { hostname: string; port: number; onListen?: () => void }, handler: Fetch): { addr: { port: number }; shutdown(): Promise<void> }
}

/** Listens on `host:port` (0: any free port); rejects with the runtime's error when the address cannot be bound (`isAddressInUse` tells a taken port). */
export async function startServer(fetch: Fetch, host: string, port: number): Promise<RunningServer> {
  const runtime = globalThis as { Bun?: BunRuntime; Deno?: DenoRuntime }
  if (runtime.Bun) {
    // idleTimeout 0: long-lived responses (the dashboard's SSE streams) stay open between heartbeats.
    const server = runtime.Bun.serve({ fetch, hostname: host, port, idleTimeout: 0 })
    return { port: server.port, close: async () => void (await server.stop(true)) }
  }
  if (runtime.Deno) {
    const server = runtime.Deno.serve({ hostname: host, port, onListen: () => {} }, fetch)
    return { port: server.addr.port, close: () => server.shutdown() }
  }
  return startNodeServer(fetch, host, port)
}

/** True for the error of a port another process holds (`EADDRINUSE` on Node, Bun and Deno alike). */
export function isAddressInUse(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'EADDRINUSE'
}

/** How long open connections get to finish on close before they are cut. */
const FORCE_CLOSE_MS = 2000

async function startNodeServer(fetch: Fetch, host: string, port: number): Promise<RunningServer> {
  const { createAdaptorServer } = await import('@hono/node-server')
  const server = createAdaptorServer({ fetch, hostname: host, port })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address()
  return {
    port: typeof address === 'object' && address !== null ? address.port : port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Streams were ended just before: close each connection once its response is out (keep-alive
        // sockets go idle then), and cut whatever is still open after a grace period.
        const idle = setInterval(() => 'closeIdleConnections' in server && server.closeIdleConnections(), 20)
        const force = setTimeout(() => 'closeAllConnections' in server && server.closeAllConnections(), FORCE_CLOSE_MS)
        server.close((error) => {
          clearInterval(idle)
          clearTimeout(force)
          if (error) reject(error)
          else resolve()
        })
      }),
  }
}
