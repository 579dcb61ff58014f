/** @module The dashboard's HTTP app: read-only routes on web-standard Request/Response, tested through `app.request()`. */
import { Hono, type Context } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import { renderAvatar } from './avatar.ts'
import { NEUTRAL } from './colors.ts'
import type { LiveSource } from './dashboard.ts'
import { FRAGMENTS, isFragmentName } from './fragments/all.ts'
import { renderPage } from './fragments/page.ts'
import { renderStates } from './fragments/states.ts'
import { parseTableQuery } from './state-table.ts'

export interface Asset {
  body: string | Uint8Array<ArrayBuffer>
  type: string
}

export interface AppOptions {
  /** Static files by name, served under `/assets/`. */
  assets: ReadonlyMap<string, Asset>
  /** When set, every request needs it: `?token=`, `Authorization: Bearer`, or the cookie set on the first visit. */
  token?: string | undefined
}

const COOKIE = 'tally_dashboard_token'

const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' https: http: data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
} as const

export function createApp(source: LiveSource, options: AppOptions): Hono {
  const app = new Hono()
  app.use('*', async (c, next) => {
    await next()
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(name, value)
  })
  if (options.token !== undefined && options.token !== '') app.use('*', requireToken(options.token))

  app.get('/', (c) => c.html(String(renderPage(source.view(), parseTableQuery((n) => c.req.query(n))))))

  app.get('/fragments/:name', (c) => {
    const name = c.req.param('name')
    if (name === 'states') return c.html(String(renderStates(source.view(), parseTableQuery((n) => c.req.query(n)))))
    if (!isFragmentName(name)) return c.text(`dashboard: no fragment \`${name}\` (one of: ${Object.keys(FRAGMENTS).join(', ')})`, 404)
    return c.html(String(FRAGMENTS[name](source.view())))
  })

  app.get('/events', () =>
    new Response(source.connect(), {
      headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', 'x-accel-buffering': 'no' },
    }),
  )

  app.get('/avatar/:file', (c) => {
    const file = c.req.param('file')
    if (!file.endsWith('.svg')) return c.notFound()
    const id = file.slice(0, -'.svg'.length)
    const candidate = source.view().candidates.find((x) => x.id === id)
    const svg = renderAvatar(candidate?.name ?? '?', candidate?.color ?? NEUTRAL)
    return c.body(svg, 200, { 'content-type': 'image/svg+xml; charset=utf-8', 'cache-control': 'no-cache' })
  })

  app.get('/assets/:file', (c) => {
    const asset = options.assets.get(c.req.param('file'))
    if (asset === undefined) return c.notFound()
    return c.body(asset.body, 200, { 'content-type': asset.type, 'cache-control': 'public, max-age=300' })
  })

  return app
}

/** Accepts the token from the query, a bearer header or the cookie; a query token is remembered in a cookie. */
function requireToken(token: string) {
  return async (c: Context, next: () => Promise<void>) => {
    const fromQuery = c.req.query('token')
    const bearer = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1]
    const given = fromQuery ?? bearer ?? getCookie(c, COOKIE)
    if (given === undefined || !sameText(given, token)) {
      return c.text('dashboard: this dashboard needs its read token: open it with ?token=<token> or send Authorization: Bearer <token>', 401)
    }
    if (fromQuery !== undefined) setCookie(c, COOKIE, token, { httpOnly: true, sameSite: 'Strict', path: '/' })
    await next()
  }
}

/** Compares in time independent of where the texts differ. */
function sameText(a: string, b: string): boolean {
  let diff = a.length ^ b.length
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0)
  return diff === 0
}
