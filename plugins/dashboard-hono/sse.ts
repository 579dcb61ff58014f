/** @module Server-Sent Events framing: several named events in one message string. */

/** One SSE message: an optional `id`, then each `[event, data]` pair; data lines split so any text is safe. */
export function encodeSse(events: Iterable<readonly [string, string]>, id?: number): string {
  let out = id === undefined ? '' : `id: ${id}\n`
  for (const [name, data] of events) {
    if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`SSE event name \`${name}\` must be lower-case letters, digits and dashes`)
    out += `event: ${name}\n`
    for (const line of data.split(/\r\n|\r|\n/)) out += `data: ${line}\n`
    out += '\n'
  }
  return out
}

/** A comment line: keeps idle connections (and the proxies between) from timing out. */
export const HEARTBEAT = ': heartbeat\n\n'

/** Tells the browser to reconnect after `ms` when the stream drops (server restart, network blip). */
export function encodeRetry(ms: number): string {
  return `retry: ${ms}\n\n`
}
