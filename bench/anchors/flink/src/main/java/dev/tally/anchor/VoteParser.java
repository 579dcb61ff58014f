package dev.tally.anchor;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import org.apache.flink.api.common.serialization.AbstractDeserializationSchema;

/** Reads a vote's JSON once with Jackson's streaming parser, keeping only the fields the job uses. */
public final class VoteParser extends AbstractDeserializationSchema<Vote> {
  private static final long serialVersionUID = 1L;
  private transient JsonFactory factory;

  @Override
  public Vote deserialize(byte[] message) throws IOException {
    if (factory == null) factory = new JsonFactory();
    Vote vote = new Vote();
    try (JsonParser parser = factory.createParser(message)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) throw new IOException("a vote is a JSON object");
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (field) {
          case "candidate_id" -> vote.candidateId = parser.getText();
          case "candidate_name" -> vote.candidateName = parser.getText();
          case "party_affiliation" -> vote.partyAffiliation = parser.getText();
          case "photo_url" -> vote.photoUrl = parser.getText();
          case "address" -> {
            if (value != JsonToken.START_OBJECT) break;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
              String inner = parser.currentName();
              parser.nextToken();
              if (inner.equals("state")) vote.state = parser.getText();
              else parser.skipChildren();
            }
          }
          default -> parser.skipChildren();
        }
      }
    }
    return vote;
  }
}
