package dev.tally.anchor;

/** aggregated_votes_per_candidate: {candidate_id, candidate_name, party_affiliation, photo_url, total_votes}. */
public final class CandidateTotals extends ThrottledTotals<CandidateVote, CandidateTotals.Candidate> {
  private static final long serialVersionUID = 1L;

  /** A candidate's count with the fields carried from its votes. */
  public static class Candidate extends ThrottledTotals.Total {
    public String candidateName;
    public String partyAffiliation;
    public String photoUrl;
  }

  public CandidateTotals(long intervalMs) {
    super(intervalMs, Candidate.class);
  }

  @Override
  protected Candidate first(CandidateVote vote) {
    Candidate candidate = new Candidate();
    candidate.candidateName = vote.candidateName;
    candidate.partyAffiliation = vote.partyAffiliation;
    candidate.photoUrl = vote.photoUrl;
    return candidate;
  }

  @Override
  protected String json(String key, Candidate total) {
    return new Json()
        .field("candidate_id", key)
        .field("candidate_name", total.candidateName)
        .field("party_affiliation", total.partyAffiliation)
        .field("photo_url", total.photoUrl)
        .field("total_votes", total.count)
        .end();
  }
}
