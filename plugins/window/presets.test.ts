import { readFileSync } from 'node:fs'
import { Value } from '@sinclair/typebox/value'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import type { Event } from '../../core/plugin.ts'
import { createWindowAggregator } from '../../core/window/aggregator.ts'
import { WindowConfigSchema, type WindowConfig } from '../../core/window/config.ts'
import * as presets from './presets.ts'

const T0 = Date.UTC(2026, 0, 1, 10)
const parties = ['Management Party', 'Savior Party', 'Tech Republic Party']
const votes: Event[] = Array.from({ length: 30 }, (_, i) => ({
  voter_id: `v${i}`,
  voter_name: `Voter ${i}`,
  date_of_birth: new Date(Date.UTC(1950 + i * 2, 3, 1)).toISOString(),
  gender: i % 3 === 0 ? 'female' : 'male',
  address: { street: '1 High St', city: 'Town', state: ['Kent', 'Essex'][i % 2], country: 'United Kingdom', postcode: 'AB1 2CD' },
  candidate_id: `c${i % 3}`,
  candidate_name: `Candidate ${i % 3}`,
  party_affiliation: parties[i % 3],
  biography: 'Bio',
  campaign_platform: 'Platform',
  photo_url: `https://example.test/${i % 3}.jpg`,
  voting_time: new Date(T0 + i * 7000).toISOString().slice(0, 19).replace('T', ' '),
  vote: 1,
}))

function run(config: WindowConfig): Event[] {
  const a = createWindowAggregator(config)
  return [...a.add(votes, T0 + 300_000).out, ...a.flush()]
}
const strip = ({ _window, _key, ...rest }: Event) => rest

describe('flagship presets', () => {
  it('are valid window configs', () => {
    for (const [name, preset] of Object.entries(presets)) expect([...Value.Errors(WindowConfigSchema, preset)], name).toEqual([])
  })

  it('produce exactly {candidate_id, candidate_name, party_affiliation, photo_url, total_votes}', () => {
    const totals = run(presets.votesPerCandidate).filter((e) => (e._window as { final: boolean }).final).map(strip)
    expect(totals).toEqual([0, 1, 2].map((c) => ({ candidate_id: `c${c}`, candidate_name: `Candidate ${c}`, party_affiliation: parties[c], photo_url: `https://example.test/${c}.jpg`, total_votes: 10 })))
    expect(Object.keys(totals[0]!)).toEqual(['candidate_id', 'candidate_name', 'party_affiliation', 'photo_url', 'total_votes'])
  })

  it('produce exactly {state, count}, {gender, count}, {age_band, count} and {party_affiliation, count}', () => {
    const finals = (config: WindowConfig) => run(config).filter((e) => (e._window as { final: boolean }).final).map(strip)
    expect(finals(presets.turnoutByState)).toEqual([{ state: 'Kent', count: 15 }, { state: 'Essex', count: 15 }])
    expect(finals(presets.turnoutByGender)).toEqual([{ gender: 'female', count: 10 }, { gender: 'male', count: 20 }])
    expect(finals(presets.votesPerParty)).toEqual(parties.map((party_affiliation) => ({ party_affiliation, count: 10 })))
    const bands = finals(presets.turnoutByAgeBand)
    expect(bands.map((b) => Object.keys(b))).toEqual(bands.map(() => ['age_band', 'count']))
    expect(bands.reduce((n, b) => n + (b.count as number), 0)).toBe(30)
    expect(bands.map((b) => b.age_band)).toEqual(['65+', '55-64', '45-54', '35-44', '25-34', '18-24', '<18'])
  })

  it('match the YAML in the README, which the schema accepts', () => {
    const readme = readFileSync(new URL('./README.md', import.meta.url), 'utf8')
    const yaml = /```yaml\n([\s\S]*?)```/.exec(readme)?.[1]
    const nodes = parse(yaml ?? '') as Record<string, { use: string; with: unknown }>
    const byNode: Record<string, WindowConfig> = {
      by_candidate: presets.votesPerCandidate,
      by_state: presets.turnoutByState,
      by_gender: presets.turnoutByGender,
      by_age_band: presets.turnoutByAgeBand,
      by_party: presets.votesPerParty,
      per_minute: presets.votesPerCandidatePerMinute,
    }
    expect(Object.keys(nodes)).toEqual(Object.keys(byNode))
    for (const [id, node] of Object.entries(nodes)) {
      expect(node.use).toBe('window')
      const config = Value.Default(WindowConfigSchema, structuredClone(node.with)) as WindowConfig
      expect([...Value.Errors(WindowConfigSchema, config)], id).toEqual([])
      expect(run(config), id).toEqual(run(byNode[id]!))
    }
  })
})
