/** @module Fetches one page of a randomuser-compatible API, retrying 429, 5xx, timeouts and `{"error"}` answers with backoff. */
import type { Clock } from '../../core/clock.ts'

export interface PageRequest {
  url: string
  seed: string
  page: number
  results: number
}

export interface RetryPolicy {
  maxAttempts: number
  timeoutMs: number
  backoffMs: number
}

export interface FetchDeps {
  clock: Clock
  signal: AbortSignal
  /** Told about each failed attempt that will be retried. */
  onRetry(message: string): void
}

const MAX_BACKOFF_MS = 30000

/** A failure worth another attempt; anything else fails at once. */
class TransientError extends Error {
  retryAfterMs = 0
}

export function pageUrl(request: PageRequest): string {
  const url = new URL(request.url)
  url.searchParams.set('nat', 'gb')
  url.searchParams.set('results', String(request.results))
  url.searchParams.set('seed', request.seed)
  url.searchParams.set('page', String(request.page))
  return url.toString()
}

/** The page's `results` array, unparsed. Throws once attempts run out, or at once for answers a retry cannot fix. */
export async function fetchUsersPage(request: PageRequest, policy: RetryPolicy, deps: FetchDeps): Promise<unknown[]> {
  const url = pageUrl(request)
  const where = `GET ${new URL(request.url).origin}${new URL(request.url).pathname} page ${request.page}`
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetchOnce(url, policy.timeoutMs, deps)
    } catch (error) {
      if (deps.signal.aborted || !(error instanceof TransientError)) throw error
      if (attempt >= policy.maxAttempts) {
        throw new Error(
          `${where} failed ${attempt} times (last: ${error.message}); the API keeps failing: check \`url\`, or raise \`maxAttempts\`/\`timeoutMs\``,
          { cause: error },
        )
      }
      const waitMs = Math.max(Math.min(policy.backoffMs * 2 ** (attempt - 1), MAX_BACKOFF_MS), error.retryAfterMs)
      deps.onRetry(`${where}: ${error.message}; retrying in ${waitMs} ms (attempt ${attempt + 1} of ${policy.maxAttempts})`)
      await deps.clock.sleep(waitMs, deps.signal)
    }
  }
}

async function fetchOnce(url: string, timeoutMs: number, deps: FetchDeps): Promise<unknown[]> {
  const request = new AbortController()
  const timer = new AbortController()
  const forward = () => request.abort(deps.signal.reason)
  deps.signal.addEventListener('abort', forward, { once: true })
  deps.clock.sleep(timeoutMs, timer.signal).then(
    () => request.abort(new TransientError(`no complete answer within ${timeoutMs} ms`)),
    () => undefined, // the timer was cancelled: the request finished first
  )
  try {
    const response = await fetch(url, { signal: request.signal, headers: { accept: 'application/json' } })
    const body = await response.text()
    return parseAnswer(response, body)
  } catch (error) {
    if (request.signal.aborted) throw request.signal.reason
    if (error instanceof Error && error.name === 'TypeError') throw new TransientError(`network error: ${error.message}`, { cause: error })
    throw error
  } finally {
    timer.abort()
    deps.signal.removeEventListener('abort', forward)
  }
}

function parseAnswer(response: Response, body: string): unknown[] {
  if (response.status === 429 || response.status === 408 || response.status >= 500) {
    const error = new TransientError(`HTTP ${response.status} ${response.statusText}`.trim())
    error.retryAfterMs = retryAfterMs(response.headers.get('retry-after'))
    throw error
  }
  if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}: ${body.slice(0, 200)} (check \`url\`)`)
  let answer: unknown
  try {
    answer = JSON.parse(body)
  } catch (error) {
    throw new TransientError(`answer is not JSON: ${body.slice(0, 80)}`, { cause: error })
  }
  if (typeof answer === 'object' && answer !== null && 'error' in answer) {
    throw new TransientError(`API error: ${String((answer as { error: unknown }).error)}`)
  }
  const results = (answer as { results?: unknown }).results
  if (!Array.isArray(results)) throw new Error('answer has no `results` array: is `url` a randomuser-compatible API?')
  return results
}

function retryAfterMs(header: string | null): number {
  const seconds = Number(header)
  return header !== null && Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds * 1000, MAX_BACKOFF_MS) : 0
}
