package ch.iiz.benchmarks;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What each step of a command costs, from a JFR recording of a service under load: every execution sample is given
 * to the first step whose rule matches its thread and stack, and a step's share of the samples times the service's
 * measured CPU per command (SystemBenchmark) is its cost in ms. Samples cover Java code only; GC and the JVM's own
 * threads are in the measured CPU but not in the samples, so they are spread over the steps in proportion.
 *
 * <pre>
 * jcmd &lt;pid&gt; JFR.start duration=60s settings=profile jdk.ExecutionSample#period=2ms filename=case.jfr
 * java -cp benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar ch.iiz.benchmarks.JfrFrames case.jfr 3.4
 * </pre>
 */
public final class JfrFrames {

    /** A step of the command path: a name and the rule that claims a sample for it. */
    record Step(String name, Predicate<Sample> rule) {
    }

    /** One execution sample: its thread's name and its frames, innermost first, as "class.method". */
    record Sample(String thread, List<String> frames) {
        boolean has(String part) {
            for (String f : frames) {
                if (f.contains(part)) {
                    return true;
                }
            }
            return false;
        }

        /** Whether one of the innermost {@code depth} frames contains {@code part}: the code running, not its callers. */
        boolean near(int depth, String part) {
            for (int i = 0; i < Math.min(depth, frames.size()); i++) {
                if (frames.get(i).contains(part)) {
                    return true;
                }
            }
            return false;
        }

        /** Whether a frame of our own code belongs to a class whose simple name ends with {@code suffix}. */
        boolean ours(String suffix) {
            for (String f : frames) {
                if (f.startsWith("ch.iiz.") && f.substring(0, f.lastIndexOf('.')).endsWith(suffix)) {
                    return true;
                }
            }
            return false;
        }

        boolean on(String threadPrefix) {
            return thread.startsWith(threadPrefix);
        }
    }

    /** In order: the first rule that matches takes the sample. */
    static final List<Step> STEPS = List.of(
            new Step("relay: Kafka producer I/O thread (acks=all)", s -> s.on("kafka-producer-network-thread")),
            new Step("relay: event store reader thread (EmbeddedEventStore, reads new rows)", s -> s.on("EmbeddedEventStore")),
            new Step("relay: record, producer.send, await acks", s -> s.on("EventProcessor") && s.has("KafkaOutboxRelay")),
            new Step("relay: reading events, token update, unit of work, JTA", s -> s.on("EventProcessor")),
            new Step("Kafka consumers, registry reader, timers, JFR", s -> !s.on("executor-thread") && !s.on("vert.x")),
            new Step("command: chain hash (canonical JSON, SHA-256, insert)", s -> s.has("EventHashes.on")
                    || s.has("EventHashes.insertAll")),
            new Step("command: read models (case_summary, access facts)", s -> s.has("Projection.")
                    || s.has("Access.apply")),
            new Step("command: event store append (payload/metadata JSON, insert)", s -> s.has("appendEvents")
                    || s.has("JacksonSerializer.serialize")),
            new Step("command: aggregate and decider", s -> s.ours("Aggregate") || s.ours("Decider")),
            new Step("command: JTA and connection enlistment (Narayana, Agroal)", s -> s.near(12, "narayana")
                    || s.near(12, "arjuna") || s.near(12, "io.agroal")),
            new Step("command: Axon command bus, unit of work, interceptors", s -> s.has("org.axonframework")),
            new Step("answer: view and response JSON", s -> s.has("MessageBodyWriter") || s.has("View.of")),
            new Step("request: JSON binding and validation", s -> s.has("MessageBodyReader") || s.has("hibernate.validator")),
            new Step("request: JWT, security identity", s -> s.has("smallrye.jwt") || s.has("io.quarkus.security")
                    || s.has("VerifiedTokens")),
            new Step("request: idempotency, access check", s -> s.has("IdempotentCommands") || s.has("access.Access")),
            new Step("HTTP server: vert.x, netty, RESTEasy routing", s -> true));

    private JfrFrames() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: JfrFrames <recording.jfr> [CPU ms per command]");
            System.exit(2);
        }
        double msPerCommand = args.length > 1 ? Double.parseDouble(args[1]) : 0;
        List<Sample> samples = read(Path.of(args[0]));
        Map<String, Integer> counts = new LinkedHashMap<>();
        STEPS.forEach(s -> counts.put(s.name(), 0));
        for (Sample sample : samples) {
            for (Step step : STEPS) {
                if (step.rule().test(sample)) {
                    counts.merge(step.name(), 1, Integer::sum);
                    break;
                }
            }
        }
        System.out.printf("%d execution samples in %s%n", samples.size(), args[0]);
        System.out.println("| step | samples | share |" + (msPerCommand > 0 ? " ms per command |" : ""));
        System.out.println("|---|---:|---:|" + (msPerCommand > 0 ? "---:|" : ""));
        counts.forEach((step, n) -> {
            double share = samples.isEmpty() ? 0 : (double) n / samples.size();
            System.out.printf("| %s | %d | %.1f %% |%s%n", step, n, 100 * share,
                    msPerCommand > 0 ? String.format(" %.2f |", share * msPerCommand) : "");
        });
    }

    static List<Sample> read(Path file) throws Exception {
        List<Sample> samples = new ArrayList<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
                continue;
            }
            RecordedStackTrace trace = e.getStackTrace();
            List<String> frames = new ArrayList<>(trace.getFrames().size());
            for (RecordedFrame f : trace.getFrames()) {
                frames.add(f.getMethod().getType().getName() + "." + f.getMethod().getName());
            }
            String thread = e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName();
            samples.add(new Sample(thread == null ? "?" : thread, frames));
        }
        return samples;
    }
}
