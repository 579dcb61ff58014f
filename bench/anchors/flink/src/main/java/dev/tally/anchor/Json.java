package dev.tally.anchor;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/** A flat JSON object written field by field (a few per key every emission interval). */
final class Json {
  private final StringBuilder out = new StringBuilder("{");

  Json field(String name, String value) {
    name(name);
    if (value == null) out.append("null");
    else out.append('"').append(JsonStringEncoder.getInstance().quoteAsString(value)).append('"');
    return this;
  }

  Json field(String name, long value) {
    name(name);
    out.append(value);
    return this;
  }

  String end() {
    return out.append('}').toString();
  }

  private void name(String name) {
    if (out.length() > 1) out.append(',');
    out.append('"').append(name).append("\":");
  }
}
