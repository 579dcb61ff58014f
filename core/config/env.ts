/** @module `${VAR}` and `${VAR:-default}` substitution into scalar strings, after parsing. */

const pattern = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g

export type Substituted = { ok: true; value: unknown } | { ok: false; missing: string }

/**
 * Replaces every `${VAR}` in `text`. A scalar that is exactly one reference becomes a number or
 * boolean when the value reads as one (so `port: ${PORT:-8501}` is an integer); never structure.
 */
export function substituteEnv(text: string, env: Record<string, string | undefined>): Substituted {
  let missing: string | undefined
  const replaced = text.replace(pattern, (_, name: string, fallback: string | undefined) => {
    const value = env[name]
    if (value !== undefined && value !== '') return value
    if (fallback !== undefined) return fallback
    missing ??= name
    return ''
  })
  if (missing) return { ok: false, missing }
  if (replaced === text) return { ok: true, value: text }
  const whole = text.match(/^\$\{[^}]*\}$/)
  return { ok: true, value: whole ? toScalar(replaced) : replaced }
}

function toScalar(text: string): unknown {
  if (/^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$/.test(text)) return Number(text)
  if (text === 'true') return true
  if (text === 'false') return false
  return text
}

export function hasEnvReference(text: string): boolean {
  return text.includes('${')
}
