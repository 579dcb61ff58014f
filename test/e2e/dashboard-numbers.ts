/** @module What the dashboard shows (its page and first SSE message) and what the database holds, in the same shape, for the e2e tests. */
import type { Sql } from 'postgres'

export interface Numbers {
  votes: number
  voters: number
  /** Candidate name → votes. */
  byCandidate: Record<string, number>
  /** State → [votes, voters]. */
  byState: Record<string, [number, number]>
}

/** What the database holds for the election in `schema`. */
export async function stored(sql: Sql, schema: string): Promise<Numbers> {
  const one = async (text: string) => Number((await sql.unsafe<{ n: string }[]>(text))[0]!.n)
  const votes = await one(`SELECT count(*) AS n FROM "${schema}".votes`)
  const voters = await one(`SELECT count(*) AS n FROM "${schema}".voters`)
  const candidates = await sql.unsafe<{ name: string; n: string }[]>(`SELECT c.candidate_name AS name, count(v.voter_id) AS n FROM "${schema}".candidates c LEFT JOIN "${schema}".votes v USING (candidate_id) GROUP BY 1`)
  const states = await sql.unsafe<{ state: string; votes: string; voters: string }[]>(
    `SELECT r.address_state AS state, count(v.voter_id) AS votes, count(*) AS voters FROM "${schema}".voters r LEFT JOIN "${schema}".votes v USING (voter_id) GROUP BY 1`,
  )
  return {
    votes,
    voters,
    byCandidate: Object.fromEntries(candidates.map((c) => [c.name, Number(c.n)])),
    byState: Object.fromEntries(states.map((s) => [s.state, [Number(s.votes), Number(s.voters)]])),
  }
}

export const unescapeHtml = (text: string) => text.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
const count = (text: string) => Number(text.replace(/,/g, ''))

/** The numbers on the page a viewer loads (every state on one page). */
export async function shown(url: string): Promise<Numbers & { turnout: number; closed: boolean; page: string }> {
  const page = await (await fetch(`${url}/?size=100`)).text()
  const kpi = (name: string) => /data-kpi="(\w+)">([^<]*)</g.exec(page.slice(page.indexOf(`data-kpi="${name}"`)))?.[2] ?? ''
  const byCandidate: Record<string, number> = {}
  for (const m of page.matchAll(/<span class="who">.*?<\/span><span>([^<]*)<\/span><\/span><\/td><td class="opt">.*?<\/td><td class="num">([\d,]+)<\/td>/g)) byCandidate[unescapeHtml(m[1]!)] = count(m[2]!)
  const byState: Record<string, [number, number]> = {}
  for (const m of page.matchAll(/<tr><td>([^<]*)<\/td><td class="num">([\d,]+)<\/td><td class="num opt">([\d,]+)<\/td>/g)) byState[unescapeHtml(m[1]!)] = [count(m[2]!), count(m[3]!)]
  return { votes: count(kpi('votes')), voters: count(kpi('voters')), turnout: parseFloat(kpi('turnout')), byCandidate, byState, closed: page.includes('data-closed="true"'), page }
}

/** Votes and voters in the first message a new SSE viewer gets. */
export async function streamed(url: string): Promise<{ votes: number; voters: number }> {
  const controller = new AbortController()
  const response = await fetch(`${url}/events`, { signal: controller.signal })
  const reader = response.body!.getReader()
  let text = ''
  try {
    while (!/event: stats\n(data: .*\n)*\n/.test(text)) text += new TextDecoder().decode((await reader.read()).value)
  } finally {
    controller.abort()
  }
  const stats = /event: stats\n((?:data: .*\n)*)/.exec(text)![1]!
  const kpi = (name: string) => count(new RegExp(`data-kpi="${name}">([^<]*)<`).exec(stats)![1]!)
  return { votes: kpi('votes'), voters: kpi('voters') }
}
