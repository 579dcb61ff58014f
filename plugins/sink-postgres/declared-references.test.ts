import { describe, expect, it } from 'vitest'
import { foreignKeysAdvice } from './declared-references.ts'
import { votesTable, votesTableUndeclared } from './flagship.ts'

describe('foreignKeysAdvice', () => {
  it('says nothing when the table declares what the option asks for', () => {
    expect(foreignKeysAdvice('public', votesTable, ['votes_voter_id_fkey', 'votes_candidate_id_fkey'])).toBeUndefined()
    expect(foreignKeysAdvice('public', votesTableUndeclared, [])).toBeUndefined()
  })

  it('gives the ALTER TABLE that declares the missing foreign keys', () => {
    expect(foreignKeysAdvice('el', votesTable, [])).toMatch(
      /^"el"\."votes" declares no foreign keys .* ALTER TABLE "el"\."votes" ADD FOREIGN KEY \("voter_id"\) REFERENCES "el"\."voters", ADD FOREIGN KEY \("candidate_id"\) REFERENCES "el"\."candidates"$/,
    )
  })

  it('gives the ALTER TABLE that drops the foreign keys an earlier run declared', () => {
    expect(foreignKeysAdvice('el', votesTableUndeclared, ['votes_voter_id_fkey'])).toMatch(/every vote still locks its voter row.*ALTER TABLE "el"\."votes" DROP CONSTRAINT "votes_voter_id_fkey"$/)
  })
})
