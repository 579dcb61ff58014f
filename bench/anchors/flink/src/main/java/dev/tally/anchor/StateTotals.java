package dev.tally.anchor;

/** aggregated_turnout_by_location: {state, count}. */
public final class StateTotals extends ThrottledTotals<String, ThrottledTotals.Total> {
  private static final long serialVersionUID = 1L;

  public StateTotals(long intervalMs) {
    super(intervalMs, ThrottledTotals.Total.class);
  }

  @Override
  protected ThrottledTotals.Total first(String state) {
    return new ThrottledTotals.Total();
  }

  @Override
  protected String json(String key, ThrottledTotals.Total total) {
    return new Json().field("state", key).field("count", total.count).end();
  }
}
