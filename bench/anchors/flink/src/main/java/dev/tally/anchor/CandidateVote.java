package dev.tally.anchor;

/** What the per-candidate keyBy ships: the key and the carried fields. */
public class CandidateVote {
  public String candidateId;
  public String candidateName;
  public String partyAffiliation;
  public String photoUrl;

  public CandidateVote() {}

  public static CandidateVote of(Vote vote) {
    CandidateVote out = new CandidateVote();
    out.candidateId = vote.candidateId;
    out.candidateName = vote.candidateName;
    out.partyAffiliation = vote.partyAffiliation;
    out.photoUrl = vote.photoUrl;
    return out;
  }
}
