/** @module The README's config reference, generated from the built-in plugins' schemas (`npm run docs` writes it). */
import { readFileSync, writeFileSync } from 'node:fs'
import { renderPluginMarkdown } from '../core/cli/plugin-docs.ts'
import { builtinPlugins } from '../plugins/index.ts'

const start = '<!-- config-reference:start -->'
const end = '<!-- config-reference:end -->'
export const readmePath = new URL('../README.md', import.meta.url)

export function renderReference(): string {
  return builtinPlugins.map(renderPluginMarkdown).join('\n').trim()
}

/** The README with its reference section replaced by the generated one. */
export function withReference(readme: string): string {
  const a = readme.indexOf(start)
  const b = readme.indexOf(end)
  if (a < 0 || b < a) throw new Error(`README.md has no ${start} … ${end} section`)
  return `${readme.slice(0, a + start.length)}\n${renderReference()}\n${readme.slice(b)}`
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  writeFileSync(readmePath, withReference(readFileSync(readmePath, 'utf8')))
  console.log('README.md config reference regenerated')
}
