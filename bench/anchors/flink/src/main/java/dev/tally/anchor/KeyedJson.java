package dev.tally.anchor;

/** An output message: Kafka key and JSON value. */
public class KeyedJson {
  public String key;
  public String json;

  public KeyedJson() {}

  public KeyedJson(String key, String json) {
    this.key = key;
    this.json = json;
  }
}
