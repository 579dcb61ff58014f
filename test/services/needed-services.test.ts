import { describe, expect, it } from 'vitest'
import { testFilters } from './needed-services.ts'

describe('the services a test run needs', () => {
  it('reads the file filters of a vitest command line, not option values', () => {
    expect(testFilters(['/usr/bin/node', '/p/node_modules/vitest/vitest.mjs', 'run', 'plugins/my-thing', '-t', 'drops blanks', '--reporter', 'dot'])).toEqual(['plugins/my-thing'])
    expect(testFilters(['node', '/p/node_modules/.bin/vitest', 'run'])).toEqual([])
  })
})
