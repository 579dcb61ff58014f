import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { readmePath, withReference } from '../../docs/config-reference.ts'

describe('README config reference', () => {
  it('matches the plugins\' schemas (run `npm run docs` to regenerate)', () => {
    const readme = readFileSync(readmePath, 'utf8')
    expect(readme).toBe(withReference(readme))
  })
})
