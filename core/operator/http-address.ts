/** @module Where the operator server listens: `--http`, else `settings.http.address`, else 127.0.0.1:9464 (a free port when that one is taken). Pure. */

export const DEFAULT_HTTP_HOST = '127.0.0.1'
/** The documented default port (Prometheus' OpenTelemetry-exporter port; when taken, a free one is used). */
export const DEFAULT_HTTP_PORT = 9464
/** What `settings.http.address` accepts: `host:port`, `[v6]:port`, `:port`, or `off`. */
export const HTTP_ADDRESS_PATTERN = '^(off|(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]*):[0-9]{1,5})$'

export interface HttpAddress {
  host: string
  port: number
  /** Only the default address moves to a free port when taken; an address someone chose is kept or fails. */
  fallback: boolean
}

/** `--http` (or the setting) parsed; throws a message naming the accepted forms. */
export function parseHttpAddress(text: string, where = '--http'): Omit<HttpAddress, 'fallback'> | 'off' {
  const value = text.trim()
  if (value === 'off') return 'off'
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.-]*)):([0-9]{1,5})$/.exec(value) ?? /^()()([0-9]{1,5})$/.exec(value)
  const port = Number(m?.[3])
  if (!m || port > 65535) throw new Error(`${where}: \`${text}\` is not an address: use host:port (127.0.0.1:9464, [::1]:9464, 0.0.0.0:9464), :port, or off`)
  return { host: m[1] || m[2] || DEFAULT_HTTP_HOST, port }
}

/** The address to serve on, or `off`: the flag wins over the setting, which wins over the default. */
export function resolveHttpAddress(flag: string | undefined, setting: string | undefined): HttpAddress | 'off' {
  const given = flag !== undefined ? parseHttpAddress(flag) : setting !== undefined ? parseHttpAddress(setting, 'settings.http.address') : undefined
  if (given === 'off') return 'off'
  return given ? { ...given, fallback: false } : { host: DEFAULT_HTTP_HOST, port: DEFAULT_HTTP_PORT, fallback: true }
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.')
}

/** `http://host:port`, brackets around IPv6. */
export function httpUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`
}
