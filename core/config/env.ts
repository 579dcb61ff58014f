/** @module `${VAR}` and `${VAR:-default}` substitution into scalar strings, after parsing. */

const pattern = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g

export type Substituted = { ok: true; value: unknown } | { ok: false; missing: string }

/**
 * Replaces every `${VAR}` in `text`; never structure. The result is always text: the schema of the
 * option it fills turns it into the number or boolean it expects (`port: ${PORT:-8501}` is an
 * integer, `password: ${PGPASSWORD}` stays text even when all digits; see resolve.ts).
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
  return { ok: true, value: replaced }
}

export function hasEnvReference(text: string): boolean {
  return text.includes('${')
}
