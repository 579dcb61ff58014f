/** @module Starts the dashboard plugin on a free loopback port under whatever runtime runs this file, and checks the page, an asset and the live stream; prints `ok <runtime>` (used by runtime tests). */
import { createTestContext } from '../../core/testing/test-context.ts'
import { systemClock } from '../../core/clock.ts'
import plugin from './index.ts'
import { CANDIDATES } from './test-events.ts'

const ctx = createTestContext({ clock: systemClock })
const instance = plugin.create(ctx, { host: '127.0.0.1', port: 0, title: 'Runtime check', pushIntervalMs: 100, heartbeatMs: 15000 })
await instance.start?.()
try {
  const url = (instance as unknown as { url: string }).url
  instance.write(CANDIDATES, { role: 'candidates', from: 'check' }, () => {})
  const page = await fetch(`${url}/`)
  const html = await page.text()
  if (page.status !== 200 || !html.includes('Eleanor Hughes')) throw new Error(`page: status ${page.status}`)
  const asset = await fetch(`${url}/assets/htmx.min.js`)
  if (asset.status !== 200 || (await asset.text()).length < 10_000) throw new Error(`asset: status ${asset.status}`)
  const events = await fetch(`${url}/events`)
  const reader = events.body!.getReader()
  let text = ''
  while (!text.includes('event: stats')) text += new TextDecoder().decode((await reader.read()).value)
  await reader.cancel()
  const runtime = 'Bun' in globalThis ? 'bun' : 'Deno' in globalThis ? 'deno' : 'node'
  console.log(`ok ${runtime}`)
} finally {
  await instance.stop?.()
}
