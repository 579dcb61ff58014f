package dev.tally.anchor;

/** The fields of a votes_topic message the job uses (a Flink POJO). */
public class Vote {
  public String candidateId;
  public String candidateName;
  public String partyAffiliation;
  public String photoUrl;
  public String state;

  public Vote() {}
}
