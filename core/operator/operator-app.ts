/** @module The operator server's routes, as a web-standard fetch handler: GET /metrics, /ping (liveness), /ready (readiness), behind an optional token. */
import type { NodeSpec } from '../engine/spec.ts'
import type { PipelineMetrics } from '../metrics.ts'
import { collectFamilies, type ProcessSample } from './collect.ts'
import { CONTENT_TYPES, formatExposition, negotiateFormat } from './exposition.ts'
import { readiness } from './readiness.ts'
import type { Redact } from './redact.ts'

export interface OperatorAppOptions {
  metrics(): PipelineMetrics
  /** The running nodes' specs: declared ports and plugin metrics. */
  nodes: readonly NodeSpec[]
  process?: () => ProcessSample
  /** When set, every request needs it (`Authorization: Bearer <token>` or `?token=`). */
  token?: string | undefined
  redact: Redact
}

const ROUTES = '/metrics, /ping, /ready'

export function createOperatorApp(options: OperatorAppOptions): (request: Request) => Response {
  return (request) => {
    const url = new URL(request.url)
    if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, `${request.method} not allowed: this server answers GET ${ROUTES}\n`, { allow: 'GET, HEAD' })
    if (options.token && !authorized(request, url, options.token)) {
      return text(401, 'this operator server needs its token: send Authorization: Bearer <token> (or ?token=<token>)\n', { 'www-authenticate': 'Bearer' })
    }
    switch (url.pathname) {
      case '/ping':
        return text(200, 'ok\n')
      case '/ready': {
        const { ready, body } = readiness(options.metrics())
        return new Response(`${options.redact(JSON.stringify(body))}\n`, { status: ready ? 200 : 503, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } })
      }
      case '/metrics': {
        const format = negotiateFormat(request.headers.get('accept'))
        const families = collectFamilies(options.metrics(), options.nodes, options.process?.())
        return text(200, formatExposition(families, format, options.redact), { 'content-type': CONTENT_TYPES[format] })
      }
      default:
        return text(404, `no ${url.pathname} here: tally's operator server answers ${ROUTES}\n`)
    }
  }
}

function text(status: number, body: string, headers: Record<string, string> = {}): Response {
  return new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers } })
}

function authorized(request: Request, url: URL, token: string): boolean {
  const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.get('authorization') ?? '')?.[1]
  const given = bearer ?? url.searchParams.get('token')
  return given !== null && given !== undefined && sameText(given, token)
}

/** Compares in time independent of where the texts differ. */
function sameText(a: string, b: string): boolean {
  let diff = a.length ^ b.length
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0)
  return diff === 0
}
