import { inject } from 'vitest'
import { testSinkConformance } from '../../core/testing/conformance.ts'
import { voter } from './election-fixtures.ts'
import plugin from './index.ts'

testSinkConformance(plugin, { url: inject('DATABASE_URL'), schema: `conformance_${Math.random().toString(36).slice(2, 8)}` }, { events: [voter(1), voter(2)] })
