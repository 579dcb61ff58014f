package dev.tally.anchor;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * A running count per key, emitted when it changed, at most once per interval: the first change
 * after an emission sets a processing-time timer at the next multiple of the interval (one timer per
 * key and interval, all keys due together, as tally's `emitIntervalMs`).
 */
public abstract class ThrottledTotals<IN, T extends ThrottledTotals.Total> extends KeyedProcessFunction<String, IN, KeyedJson> {
  private static final long serialVersionUID = 1L;

  /** A key's state: its count and whether an emission is due. Subclasses add carried fields. */
  public static class Total {
    public long count;
    public boolean pending;
  }

  private final long intervalMs;
  private final Class<T> type;
  private transient ValueState<T> total;

  protected ThrottledTotals(long intervalMs, Class<T> type) {
    this.intervalMs = intervalMs;
    this.type = type;
  }

  /** A new key's state, from its first event. */
  protected abstract T first(IN event);

  /** The output message's JSON value. */
  protected abstract String json(String key, T total);

  @Override
  public void open(OpenContext context) {
    total = getRuntimeContext().getState(new ValueStateDescriptor<>("total", TypeInformation.of(type)));
  }

  @Override
  public void processElement(IN event, Context ctx, Collector<KeyedJson> out) throws Exception {
    T current = total.value();
    if (current == null) current = first(event);
    current.count++;
    if (!current.pending) {
      current.pending = true;
      long now = ctx.timerService().currentProcessingTime();
      ctx.timerService().registerProcessingTimeTimer(now - now % intervalMs + intervalMs);
    }
    total.update(current);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<KeyedJson> out) throws Exception {
    T current = total.value();
    current.pending = false;
    total.update(current);
    out.collect(new KeyedJson(ctx.getCurrentKey(), json(ctx.getCurrentKey(), current)));
  }
}
