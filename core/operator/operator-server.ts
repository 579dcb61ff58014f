/** @module Starts the operator server for a running pipeline: binds its address (the default one moves to a free port when taken) and says where. */
import { isAddressInUse, startServer } from '../http-server.ts'
import type { Logger } from '../plugin.ts'
import { httpUrl, isLoopback, type HttpAddress } from './http-address.ts'

export interface OperatorServer {
  url: string
  close(): Promise<void>
}

/** Serves `fetch` on `address`; fails with a message saying how to choose another address, unless the default port may move. */
export async function startOperatorServer(fetch: (request: Request) => Response | Promise<Response>, address: HttpAddress, log: Logger, token?: string): Promise<OperatorServer> {
  const { host, port } = address
  let server
  try {
    server = await startServer(fetch, host, port)
  } catch (error) {
    if (!(address.fallback && isAddressInUse(error))) {
      throw new Error(`operator HTTP: cannot listen on ${httpUrl(host, port).slice(7)} (${(error as Error).message}): choose another address with \`--http host:port\` (or \`settings.http.address\`), or \`--http off\``, { cause: error })
    }
    server = await startServer(fetch, host, 0)
    log.warn(`operator HTTP: port ${port}, the default, is taken on ${host} (another pipeline?); using free port ${server.port} instead (\`--http ${host}:<port>\` picks one)`)
  }
  const url = httpUrl(host, server.port)
  log.info(`operator HTTP on ${url}: /metrics, /ping, /ready`)
  if (!token && !isLoopback(host)) log.warn(`operator HTTP listens on ${host} without a token: anyone who can reach it reads the metrics (set \`settings.http.token\`)`)
  return { url, close: server.close }
}
