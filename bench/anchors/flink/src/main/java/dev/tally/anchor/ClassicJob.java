package dev.tally.anchor;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The classic demo's aggregation: votes_topic (from the earliest offset) → running vote counts per
 * candidate (carrying name, party and photo) and turnout per state → the two aggregated_* topics as
 * JSON changelogs, a key's changed total at most every --emit-interval-ms. Runs in a local
 * mini-cluster in this JVM, without checkpointing, until killed.
 *
 * <p>Arguments (all --name value): brokers, topic, group, candidates-topic, states-topic,
 * parallelism [2], emit-interval-ms [200], buffer-timeout-ms [10].
 */
public final class ClassicJob {
  private ClassicJob() {}

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = parse(argv);
    String brokers = required(args, "brokers");
    int parallelism = Integer.parseInt(args.getOrDefault("parallelism", "2"));
    long intervalMs = Long.parseLong(args.getOrDefault("emit-interval-ms", "200"));

    Configuration conf = new Configuration();
    conf.set(PipelineOptions.OBJECT_REUSE, true);
    conf.set(PipelineOptions.GENERIC_TYPES, false); // every record type has a Flink serializer (no Kryo)
    // Network buffers leave a task when full or after this long: the default 100 ms would add up to
    // 100 ms to every total at a steady rate; in a catch-up the buffers fill long before.
    conf.set(ExecutionOptions.BUFFER_TIMEOUT, Duration.ofMillis(Long.parseLong(args.getOrDefault("buffer-timeout-ms", "10"))));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);

    KafkaSource<Vote> source = KafkaSource.<Vote>builder()
        .setBootstrapServers(brokers)
        .setTopics(required(args, "topic"))
        .setGroupId(required(args, "group"))
        .setStartingOffsets(OffsetsInitializer.earliest())
        .setValueOnlyDeserializer(new VoteParser())
        .setProperty("enable.auto.commit", "false")
        .build();
    DataStream<Vote> votes = env.fromSource(source, WatermarkStrategy.noWatermarks(), "votes_topic");

    votes.map(CandidateVote::of).returns(CandidateVote.class).name("candidate fields")
        .keyBy(vote -> vote.candidateId, Types.STRING)
        .process(new CandidateTotals(intervalMs)).name("votes per candidate")
        .sinkTo(sink(brokers, required(args, "candidates-topic"))).name("aggregated_votes_per_candidate");
    votes.map(vote -> vote.state).returns(Types.STRING).name("state field")
        .keyBy(state -> state, Types.STRING)
        .process(new StateTotals(intervalMs)).name("turnout per state")
        .sinkTo(sink(brokers, required(args, "states-topic"))).name("aggregated_turnout_by_location");

    env.execute("classic job");
  }

  /** Keyed JSON messages to `topic`; acks=all (the client's default), nothing held for checkpoints. */
  private static KafkaSink<KeyedJson> sink(String brokers, String topic) {
    return KafkaSink.<KeyedJson>builder()
        .setBootstrapServers(brokers)
        .setRecordSerializer(KafkaRecordSerializationSchema.<KeyedJson>builder()
            .setTopic(topic)
            .setKeySerializationSchema(new KeyedJson.Key())
            .setValueSerializationSchema(new KeyedJson.Value())
            .build())
        .setDeliveryGuarantee(DeliveryGuarantee.NONE)
        .build();
  }

  private static Map<String, String> parse(String[] argv) {
    Map<String, String> args = new HashMap<>();
    for (int i = 0; i + 1 < argv.length; i += 2) {
      if (!argv[i].startsWith("--")) throw new IllegalArgumentException("expected --name value, got " + argv[i]);
      args.put(argv[i].substring(2), argv[i + 1]);
    }
    return args;
  }

  private static String required(Map<String, String> args, String name) {
    String value = args.get(name);
    if (value == null) throw new IllegalArgumentException("missing --" + name);
    return value;
  }
}
