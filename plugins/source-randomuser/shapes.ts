/** @module The voter and candidate records (voters_topic, the candidates table) as TypeBox schemas: one definition for the generator, the voting simulator and kafka-source. */
import { Type, type Static } from '@sinclair/typebox'

const Text = Type.String()

/** The fields of a voter, in the contract's key order. `strict`: the nested address takes no other keys either. */
export function voterFields(strict: boolean) {
  return {
    voter_id: Type.String({ minLength: 1 }),
    voter_name: Text,
    date_of_birth: Text,
    gender: Text,
    nationality: Text,
    registration_number: Text,
    // Numeric for some randomuser nationalities.
    address: Type.Object({ street: Text, city: Text, state: Text, country: Text, postcode: Type.Union([Text, Type.Integer()]) }, strict ? { additionalProperties: false } : {}),
    email: Text,
    phone_number: Text,
    cell_number: Text,
    picture: Text,
    /** Whole years since registration. */
    registered_age: Type.Integer({ minimum: 0 }),
  }
}

export const candidateFields = {
  candidate_id: Type.String({ minLength: 1 }),
  candidate_name: Text,
  party_affiliation: Text,
  biography: Text,
  campaign_platform: Text,
  photo_url: Text,
}

/** A voter as an input accepts it: these fields, others allowed (and not copied into votes). */
export const VoterSchema = Type.Object(voterFields(false))
export const CandidateSchema = Type.Object(candidateFields)

export type Voter = Static<typeof VoterSchema>
export type Candidate = Static<typeof CandidateSchema>
