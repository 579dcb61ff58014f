/** @module The votes_topic record: voter fields, then candidate fields, then voting_time and vote, built in that key order. */
import { TypeCompiler } from '@sinclair/typebox/compiler'
import type { Event } from '../../core/plugin.ts'
import { CandidateSchema, VoterSchema, type Candidate, type Voter } from '../source-randomuser/shapes.ts'

export type { Candidate, Voter }


const voterCheck = TypeCompiler.Compile(VoterSchema)
const candidateCheck = TypeCompiler.Compile(CandidateSchema)

/** `path: message` of the first problem making `value` no voter, or undefined. */
export function describeInvalidVoter(value: unknown): string | undefined {
  if (voterCheck.Check(value)) return undefined
  const first = voterCheck.Errors(value).First()
  return first ? `${first.path || '/'}: ${first.message}` : 'not a voter'
}

export function describeInvalidCandidate(value: unknown): string | undefined {
  if (candidateCheck.Check(value)) return undefined
  const first = candidateCheck.Errors(value).First()
  return first ? `${first.path || '/'}: ${first.message}` : 'not a candidate'
}

/** A vote carries copies of the voter's and candidate's fields only (extra or `_` keys are not copied). */
export function toVote(v: Voter, c: Candidate, votingTime: string): Event {
  const a = v.address
  return {
    voter_id: v.voter_id,
    voter_name: v.voter_name,
    date_of_birth: v.date_of_birth,
    gender: v.gender,
    nationality: v.nationality,
    registration_number: v.registration_number,
    address: { street: a.street, city: a.city, state: a.state, country: a.country, postcode: a.postcode },
    email: v.email,
    phone_number: v.phone_number,
    cell_number: v.cell_number,
    picture: v.picture,
    registered_age: v.registered_age,
    candidate_id: c.candidate_id,
    candidate_name: c.candidate_name,
    party_affiliation: c.party_affiliation,
    biography: c.biography,
    campaign_platform: c.campaign_platform,
    photo_url: c.photo_url,
    voting_time: votingTime,
    vote: 1,
  }
}
