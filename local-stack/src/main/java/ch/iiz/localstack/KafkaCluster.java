package ch.iiz.localstack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Kafka brokers as processes of their own (each a JVM on loopback, every node broker and controller), so that one can
 * be killed alone: one node when the broker should merely live outside the runner, three for a cluster where every
 * record is on three nodes and acknowledged by two ({@code min.insync.replicas=2}). Node {@code i} (from 0) listens
 * on {@code firstPort + 2i} and its controller on {@code firstPort + 2i + 1}. Each runs under a {@link Watchdog}, so
 * none outlives this JVM.
 */
public final class KafkaCluster implements AutoCloseable {

    private final Path root;
    private final int firstPort;
    private final int size;
    private final boolean durable;
    private final List<String> jvmOptions;
    private final Process[] nodes;

    /**
     * @param root one log folder per node below it, kept between runs (with the cluster id)
     * @param jvmOptions for each broker JVM (heap)
     */
    public KafkaCluster(Path root, int firstPort, int size, boolean durable, List<String> jvmOptions) {
        if (size < 1) {
            throw new IllegalArgumentException("a cluster has at least one broker");
        }
        this.root = root.toAbsolutePath();
        this.firstPort = firstPort;
        this.size = size;
        this.durable = durable;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.nodes = new Process[size];
    }

    /** The ports a cluster of {@code size} nodes uses from {@code firstPort}: broker and controller of each. */
    public static List<Integer> ports(int firstPort, int size) {
        return IntStream.range(0, 2 * size).mapToObj(i -> firstPort + i).toList();
    }

    public int size() {
        return size;
    }

    /** Topics are replicated to three nodes where there are three (fewer on a smaller cluster). */
    public int replicationFactor() {
        return Math.min(3, size);
    }

    public int port(int node) {
        return firstPort + 2 * node;
    }

    /** Every node, so a client finds the cluster whichever node is down. */
    public String bootstrapServers() {
        return IntStream.range(0, size).mapToObj(i -> "127.0.0.1:" + port(i)).collect(Collectors.joining(","));
    }

    public synchronized KafkaCluster start() {
        for (int i = 0; i < size; i++) {
            start(i);
        }
        awaitReady(Duration.ofSeconds(120));
        return this;
    }

    /** Starts node {@code node} (again, after a kill: its log folder is kept). */
    public synchronized void start(int node) {
        if (nodes[node] != null && nodes[node].isAlive()) {
            return;
        }
        try {
            Files.createDirectories(root);
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
            command.addAll(jvmOptions);
            command.addAll(List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                    "-cp", System.getProperty("java.class.path"), KafkaBroker.class.getName(),
                    root.resolve("node-" + (node + 1)).toString(), Integer.toString(port(node)),
                    Integer.toString(port(node) + 1), Integer.toString(node + 1), voters(),
                    Integer.toString(replicationFactor()), clusterId(), Boolean.toString(durable)));
            nodes[node] = Watchdog.start(command, root.resolve("node-" + (node + 1) + ".log"), "TERM");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL to one broker's JVM, as a crash would end it. */
    public synchronized void kill(int node) {
        if (nodes[node] != null) {
            Watchdog.kill(nodes[node]);
        }
    }

    public synchronized boolean isAlive(int node) {
        return nodes[node] != null && nodes[node].isAlive();
    }

    /**
     * Waits until every node is registered with the controllers and no partition of any topic misses a replica: the
     * cluster is whole again.
     */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        for (int i = 0; i < size; i++) {
            // first until every node listens, which keeps the admin client from warning about refused connections
            while (Ports.isFree(port(i)) && isAlive(i) && System.nanoTime() < deadline) {
                PostgresServer.sleepQuietly(100);
            }
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000))) {
            while (System.nanoTime() < deadline) {
                for (int i = 0; i < size; i++) {
                    if (!isAlive(i)) {
                        throw new IllegalStateException("Kafka broker " + (i + 1) + " exited; see "
                                + root.resolve("node-" + (i + 1) + ".log"));
                    }
                }
                try {
                    int registered = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size();
                    Collection<String> topics = admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions()
                            .listInternal(true)).names().get(5, TimeUnit.SECONDS);
                    Map<String, TopicDescription> described = topics.isEmpty() ? Map.of()
                            : admin.describeTopics(topics).allTopicNames().get(5, TimeUnit.SECONDS);
                    long underReplicated = described.values().stream().flatMap(t -> t.partitions().stream())
                            .filter(p -> p.isr().size() < p.replicas().size() || p.leader() == null).count();
                    if (registered == size && underReplicated == 0) {
                        return;
                    }
                    last = registered + " of " + size + " brokers registered, " + underReplicated
                            + " partitions under-replicated";
                } catch (Exception e) {
                    last = e.toString();
                }
                PostgresServer.sleepQuietly(250);
            }
        }
        throw new IllegalStateException("Kafka cluster not whole within " + timeout + ": " + last + "; logs in " + root);
    }

    private String voters() {
        return IntStream.range(0, size).mapToObj(i -> (i + 1) + "@127.0.0.1:" + (port(i) + 1))
                .collect(Collectors.joining(","));
    }

    /** One id for all nodes, kept beside their log folders so a restart finds the same cluster. */
    private String clusterId() {
        Path file = root.resolve("cluster.id");
        try {
            if (!Files.exists(file)) {
                Files.writeString(file, KafkaBroker.randomClusterId());
            }
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        for (Process node : nodes) {
            if (node != null) {
                try {
                    node.getOutputStream().close();
                } catch (IOException ignored) {
                    // the watchdog stops the broker either way
                }
            }
        }
        for (int i = 0; i < size; i++) {
            if (nodes[i] != null) {
                Watchdog.stop(nodes[i], Duration.ofSeconds(30));
                nodes[i] = null;
            }
        }
    }
}
