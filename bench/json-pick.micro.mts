/**
 * Microbenchmark: decoding realistic ~830-byte vote messages (docs/data-contracts.md, votes_topic)
 * with `JSON.parse(buf.toString('utf8'))` against `compileJsonPick` (core/json-pick.ts) with the 5
 * fields the election pipeline reads and with 1 field.
 *
 *   npx tsx bench/json-pick.micro.mts [--rounds 7] [--messages 10000]
 *   (also runs as is with `bun` and `deno run --allow-read --allow-env --allow-sys`)
 *
 * Prints ns/message (median and best of the rounds, after warm-up; by wall clock and by process
 * CPU time, which is steadier when the machine is busy) and garbage per message: the median growth
 * of `heapUsed` over batches of 50 messages (a batch that saw a scavenge shrinks and does not count;
 * no --expose-gc needed; Bun's heapUsed does not move that way, so it prints n/a there).
 * Not part of the test suite.
 *
 * Variants tried on the way (Node 20, same messages, 5 paths; JSON.parse ≈ 2700-2850 ns):
 * byte loop with module-level state ≈ 2600-2900 ns; the array passed as a parameter and a small
 * inlined fast loop ≈ 1700; + 4-bytes-at-a-time string scan (Int32Array view, SWAR) ≈ 1600;
 * + keys matched against the requested ones before scanning ≈ 1500 (kept). No gain, dropped:
 * `buf.indexOf(0x22)` per string (memchr, but ~20-40 ns per call: 2x slower than the loop),
 * `String.fromCharCode(...)` for short values, a per-key cache of decoded values (the compare costs
 * what latin1Slice does), one latin1 string of the whole message sliced per value (slower, and its
 * slices would keep the message alive), 8 bytes per loop turn, lane-masked first word + clz32.
 */
import { Buffer } from 'node:buffer'
import { compileJsonPick } from '../core/json-pick.ts'

const args = process.argv.slice(2)
const option = (name: string, fallback: number): number => {
  const at = args.indexOf(`--${name}`)
  return at >= 0 ? Number(args[at + 1]) : fallback
}
const ROUNDS = option('rounds', 7)
const MESSAGES = option('messages', 10_000)

// ---- realistic messages: a voter's fields, then a candidate's, then voting_time and vote ----

let seed = 42
const random = (): number => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const choose = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
const digits = (count: number): string => Array.from({ length: count }, () => Math.floor(random() * 10)).join('')
const hex = (count: number): string => Array.from({ length: count }, () => Math.floor(random() * 16).toString(16)).join('')
const uuid = (): string => `${hex(8)}-${hex(4)}-4${hex(3)}-8${hex(3)}-${hex(12)}`

const first = ['Ada', 'Grace', 'Alan', 'Katherine', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Niklaus', 'Radia', 'José', 'Zoë']
const last = ['Lovelace', 'Hopper', 'Turing', 'Johnson', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'Wirth', 'Perlman', 'Müller', "O'Neil"]
const cities = ['Canterbury', 'Leeds', 'Brighton', 'York', 'Bath', 'Dover', 'Ely', 'Wells']
const states = ['Kent', 'West Yorkshire', 'East Sussex', 'North Yorkshire', 'Somerset', 'Cambridgeshire']
const parties = ['Management Party', 'Savior Party', 'Tech Republic Party']

function voteMessage(): Record<string, unknown> {
  const voterName = `${choose(first)} ${choose(last)}`
  const gender = choose(['female', 'male'])
  return {
    voter_id: uuid(),
    voter_name: voterName,
    date_of_birth: `19${digits(2)}-0${1 + Math.floor(random() * 9)}-1${digits(1)}T00:00:00.000Z`,
    gender,
    nationality: 'GB',
    registration_number: `AB${digits(6)}C`,
    address: { street: `${1 + Math.floor(random() * 200)} Station Road`, city: choose(cities), state: choose(states), country: 'United Kingdom', postcode: `CT${digits(1)} ${digits(1)}AB` },
    email: `${voterName.toLowerCase().replace(/[^a-z]+/g, '.')}@example.com`,
    phone_number: `0${digits(4)} ${digits(6)}`,
    cell_number: `07${digits(3)} ${digits(6)}`,
    picture: `https://randomuser.me/api/portraits/${gender === 'female' ? 'women' : 'men'}/${Math.floor(random() * 100)}.jpg`,
    registered_age: Math.floor(random() * 40),
    candidate_id: uuid(),
    candidate_name: `${choose(first)} ${choose(last)}`,
    party_affiliation: choose(parties),
    biography: `A brief bio of the candidate, ${choose(['local', 'new', 'veteran'])}.`,
    campaign_platform: `Key campaign promises: ${choose(['schools', 'trains', 'taxes'])}.`,
    photo_url: `https://randomuser.me/api/portraits/${choose(['women', 'men'])}/${Math.floor(random() * 100)}.jpg`,
    voting_time: `2026-01-0${1 + Math.floor(random() * 9)} ${10 + Math.floor(random() * 10)}:${10 + Math.floor(random() * 50)}:${10 + Math.floor(random() * 50)}`,
    vote: 1,
  }
}

const messages: Buffer[] = Array.from({ length: MESSAGES }, () => Buffer.from(JSON.stringify(voteMessage())))
const averageBytes = messages.reduce((sum, m) => sum + m.length, 0) / messages.length

// ---- the contenders ----

const FIVE = ['candidate_id', 'candidate_name', 'party_affiliation', 'photo_url', 'address.state']
const pickFive = compileJsonPick(FIVE)
const pickOne = compileJsonPick(['candidate_id'])

interface Contender {
  name: string
  decode: (buf: Buffer) => unknown
}
const contenders: Contender[] = [
  { name: '(a) JSON.parse(buf.toString())', decode: (buf) => JSON.parse(buf.toString('utf8')) },
  { name: '(b) picker, 5 paths', decode: pickFive },
  { name: '(c) picker, 1 path', decode: pickOne },
]

// Sanity: the picker's answer is the reference's (a slip here would make the numbers meaningless).
for (const m of messages.slice(0, 100)) {
  const full = JSON.parse(m.toString('utf8')) as Record<string, any>
  const want = { candidate_id: full.candidate_id, candidate_name: full.candidate_name, party_affiliation: full.party_affiliation, photo_url: full.photo_url, address: { state: full.address.state } }
  const got = pickFive(m) as Record<string, any>
  for (const key of ['candidate_id', 'candidate_name', 'party_affiliation', 'photo_url'] as const) if (got[key] !== want[key]) throw new Error(`picker disagrees on ${key}`)
  if (got.address?.state !== want.address.state) throw new Error('picker disagrees on address.state')
}

// Results go to a sink the optimiser cannot drop.
let sink = 0
const consume = (value: unknown): void => {
  sink = (sink + (value === null || typeof value !== 'object' ? 1 : Object.keys(value as object).length)) | 0
}

/** One round over all messages: [wall ns/message, process CPU ns/message]. CPU time is steadier on a busy machine. */
function timeRound(contender: Contender): [number, number] {
  const cpu = process.cpuUsage()
  const start = process.hrtime.bigint()
  for (let k = 0; k < messages.length; k++) consume(contender.decode(messages[k]!))
  const wall = Number(process.hrtime.bigint() - start) / messages.length
  const used = process.cpuUsage(cpu)
  return [wall, ((used.user + used.system) * 1000) / messages.length]
}

function garbagePerMessage(contender: Contender): number {
  const batch = 50
  const deltas: number[] = []
  for (let from = 0; from + batch <= messages.length; from += batch) {
    const before = process.memoryUsage().heapUsed
    for (let k = from; k < from + batch; k++) consume(contender.decode(messages[k]!))
    const delta = process.memoryUsage().heapUsed - before
    if (delta > 0) deltas.push(delta / batch)
  }
  deltas.sort((x, y) => x - y)
  return deltas[Math.floor(deltas.length / 2)] ?? Number.NaN
}

const median = (values: number[]): number => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)]!

console.log(`${messages.length} vote messages, ${averageBytes.toFixed(0)} bytes on average; ${process.release.name} ${process.version}; ${ROUNDS} rounds after 3 warm-up rounds\n`)
for (let warm = 0; warm < 3; warm++) for (const c of contenders) timeRound(c)

const wall = new Map<Contender, number[]>(contenders.map((c) => [c, []]))
const cpu = new Map<Contender, number[]>(contenders.map((c) => [c, []]))
for (let round = 0; round < ROUNDS; round++) {
  // Interleaved, so drift and the machine's other load hit all alike.
  for (const c of contenders) {
    const [w, u] = timeRound(c)
    wall.get(c)!.push(w)
    cpu.get(c)!.push(u)
  }
}

const baseWall = median(wall.get(contenders[0]!)!)
const baseCpu = median(cpu.get(contenders[0]!)!)
console.log('ns/message: median (best) of the rounds, by wall clock and by process CPU time; speed-up vs (a) on the medians')
console.log(`${'decoder'.padEnd(34)} ${'wall'.padStart(12)} ${'cpu'.padStart(12)} ${'vs (a)'.padStart(14)} ${'garbage/msg'.padStart(12)}`)
for (const c of contenders) {
  const w = wall.get(c)!
  const u = cpu.get(c)!
  const garbage = garbagePerMessage(c)
  const cell = (t: number[]) => `${median(t).toFixed(0)} (${Math.min(...t).toFixed(0)})`.padStart(12)
  const ratio = `${(baseWall / median(w)).toFixed(2)}x/${(baseCpu / median(u)).toFixed(2)}x`.padStart(14)
  console.log(`${c.name.padEnd(34)} ${cell(w)} ${cell(u)} ${ratio} ${(Number.isNaN(garbage) ? 'n/a' : `${garbage.toFixed(0)} B`).padStart(12)}`)
}
console.log(`\n(sink ${sink})`)
