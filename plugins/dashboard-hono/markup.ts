/** @module HTML building: hono's `html` template (escapes every interpolated value), held to synchronous output. */
import { html, raw } from 'hono/html'

export type Html = ReturnType<typeof raw>

/** Tagged template: strings and numbers are escaped, nested `Html` is kept as is. */
export function h(strings: TemplateStringsArray, ...values: unknown[]): Html {
  const out = html(strings, ...values)
  if (out instanceof Promise) throw new Error('dashboard markup: a Promise was interpolated; fragments must render synchronously')
  return out
}

/** Extra attributes, values escaped; names are the caller's constants and must look like attribute names. */
export function attrs(record: Readonly<Record<string, string | number>>): Html {
  return h`${Object.entries(record).map(([name, value]) => {
    if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`dashboard markup: \`${name}\` is not an attribute name`)
    return h` ${raw(name)}="${value}"`
  })}`
}
