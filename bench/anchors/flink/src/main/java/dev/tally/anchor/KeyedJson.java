package dev.tally.anchor;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.SerializationSchema;

/** An output message: Kafka key and JSON value. */
public class KeyedJson {
  public String key;
  public String json;

  public KeyedJson() {}

  public KeyedJson(String key, String json) {
    this.key = key;
    this.json = json;
  }

  /** The message's Kafka key (a class, not a lambda: the Kafka sink reads its type). */
  public static final class Key implements SerializationSchema<KeyedJson> {
    private static final long serialVersionUID = 1L;

    @Override
    public byte[] serialize(KeyedJson message) {
      return message.key.getBytes(StandardCharsets.UTF_8);
    }
  }

  /** The message's JSON value. */
  public static final class Value implements SerializationSchema<KeyedJson> {
    private static final long serialVersionUID = 1L;

    @Override
    public byte[] serialize(KeyedJson message) {
      return message.json.getBytes(StandardCharsets.UTF_8);
    }
  }
}
