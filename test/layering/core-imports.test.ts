import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = new URL('../../', import.meta.url).pathname

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    return entry.isDirectory() ? tsFiles(path) : entry.name.endsWith('.ts') ? [path] : []
  })
}

describe('layering', () => {
  it('core/ never imports from plugins/ (the built-ins are wired in by cli.ts and index.ts)', () => {
    const offenders: string[] = []
    for (const file of tsFiles(join(root, 'core'))) {
      const text = readFileSync(file, 'utf8')
      for (const m of text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
        if (/(^|\/)plugins\//.test(m[1]!)) offenders.push(`${relative(root, file)} imports ${m[1]}`)
      }
    }
    expect(offenders).toEqual([])
  })
})
