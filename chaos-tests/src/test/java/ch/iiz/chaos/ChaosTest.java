package ch.iiz.chaos;

import ch.iiz.events.EventEnvelope;
import ch.iiz.events.IntegrationEvent;
import ch.iiz.events.Topics;
import ch.iiz.events.billing.ChargeRecorded;
import ch.iiz.events.billing.InvoiceIssued;
import ch.iiz.events.billing.InvoiceLine;
import ch.iiz.events.cases.CaseLeadChanged;
import ch.iiz.events.cases.CaseOpened;
import ch.iiz.events.codec.EventCodec;
import ch.iiz.events.referral.LeadHandoverAccepted;
import ch.iiz.events.referral.LeadHandoverDeclined;
import ch.iiz.localstack.DevInstitution;
import ch.iiz.localstack.ServiceProcesses;
import ch.iiz.localstack.ServiceProcesses.Instance;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Nothing is lost", under crashes: a bounded load of AMIplus and OPTIMA cases runs against three brokers and two
 * instances of every service while a broker, one instance of each service and PostgreSQL are killed with SIGKILL,
 * one at a time and then two at once. Then everything is counted: every acknowledged command's events in the store
 * and on the topic, applied exactly once by every consumer, charges exactly once, invoices equal to a recomputation
 * from the topics, lag 0, and nothing in the dead letters but the one poison record injected. Prints the figures.
 */
class ChaosTest {

    static final EventCodec CODEC = new EventCodec();
    static final Duration RECOVER = Duration.ofMinutes(3);
    static Topology system;

    /** Fault name and time to recover from it, in order. */
    final Map<String, Duration> recoveries = new LinkedHashMap<>();
    /** Fault name and the commands acknowledged from the kill until the system had recovered. */
    final Map<String, Integer> acknowledgedDuring = new LinkedHashMap<>();
    /** Fault name and when it was injected and recovered from, in ms since the epoch. */
    final Map<String, long[]> faultTimes = new LinkedHashMap<>();
    long began;
    Load load;

    @BeforeAll
    static void start() throws Exception {
        system = new Topology();
    }

    @AfterAll
    static void stop() throws Exception {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void sigkill_of_brokers_instances_and_postgresql_under_load_loses_and_duplicates_nothing() throws Exception {
        LocalDate today = LocalDate.now();
        Api api = new Api(system.services, system.tokens);
        // paced so that it runs through all the faults, bounded in case the faults go quicker
        load = new Load(api, today, Integer.getInteger("iiz.chaos.flows", 90));
        began = System.currentTimeMillis();
        load.start(2, Duration.ofMillis(2000));
        UUID poison = injectPoison();

        Api.sleep(3000);
        fault("broker 2", () -> killBroker(1));
        for (int i = 0; i < ServiceProcesses.SERVICES.size(); i++) { // one instance of every service, alternating
            Instance instance = new Instance(ServiceProcesses.SERVICES.get(i), i % Topology.INSTANCES);
            fault(instance.service() + " (instance " + (instance.index() + 1) + ")", () -> killInstance(instance));
        }
        fault("PostgreSQL", () -> killPostgres(Duration.ofSeconds(2)));
        fault("broker 3 + case-service (instance 2)", () -> {
            system.kafka.kill(2);
            system.services.kill(new Instance("case-service", 1));
            return () -> {
                restartBroker(2);
                system.services.awaitHealthy(new Instance("case-service", 1), RECOVER);
            };
        });
        // the billing instance comes back while PostgreSQL is still down: it must wait for it, not exit
        fault("PostgreSQL + billing-service (instance 2)", () -> {
            system.services.kill(new Instance("billing-service", 1));
            Runnable postgresBack = killPostgres(Duration.ofSeconds(8));
            return () -> {
                postgresBack.run();
                system.services.awaitHealthy(new Instance("billing-service", 1), RECOVER);
            };
        });
        load.stopAndJoin();
        System.out.println("faults done: " + recoveries + "; acknowledged meanwhile " + acknowledgedDuring);
        // counted even when the load failed, so that a failure says whether anything was lost or only late
        Tally tally = null;
        AssertionError gap = null;
        try {
            tally = awaitQuiet(load, poison);
        } catch (AssertionError e) {
            gap = e;
        }
        printLeadPaths(load);
        assertThat(load.failures).as("the load's own failures").isEmpty();
        if (gap != null) {
            throw gap;
        }
        assertThat(acknowledgedDuring.values().stream().mapToInt(Integer::intValue).sum())
                .as("commands acknowledged while something was down").isPositive();
        print(load, api, tally);

        assertThat(tally.duplicatesApplied).as("duplicates applied").isZero();
        assertThat(load.notAcknowledged.get()).as("commands never acknowledged within a minute").isZero();
    }

    // ---- faults -------------------------------------------------------------------------------------------------

    /** Injects the fault; its result waits until the system has recovered. */
    private void fault(String name, Supplier<Runnable> inject) {
        long started = System.nanoTime();
        long[] times = {System.currentTimeMillis(), 0};
        faultTimes.put(name, times);
        int acknowledged = load.acknowledged.get();
        Runnable recovered = inject.get();
        recovered.run();
        system.awaitAllHealthy(RECOVER);
        system.kafka.awaitReady(RECOVER);
        times[1] = System.currentTimeMillis();
        recoveries.put(name, Duration.ofNanos(System.nanoTime() - started));
        acknowledgedDuring.put(name, load.acknowledged.get() - acknowledged);
        Api.sleep(1000); // some load between faults
    }

    private Runnable killInstance(Instance instance) {
        system.services.kill(instance);
        return () -> system.services.awaitHealthy(instance, RECOVER);
    }

    private Runnable killBroker(int node) {
        system.kafka.kill(node);
        return () -> restartBroker(node);
    }

    private void restartBroker(int node) {
        Api.sleep(2000); // down long enough for the cluster to notice
        system.kafka.start(node);
        system.kafka.awaitReady(RECOVER);
    }

    private Runnable killPostgres(Duration down) {
        system.postgres.kill();
        return () -> {
            Api.sleep(down.toMillis());
            system.postgres.startAfterKill();
        };
    }

    /** A record no consumer can read, on the case topic: each consumer of it must dead-letter it, and only it. */
    private UUID injectPoison() throws Exception {
        UUID id = UUID.randomUUID();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, system.kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            ProducerRecord<String, String> record = new ProducerRecord<>(Topics.CASE_EVENTS, "chaos-poison",
                    "{\"not\": \"an event\"}");
            record.headers().add(Topics.HEADER_EVENT_ID, id.toString().getBytes(StandardCharsets.UTF_8));
            producer.send(record).get(30, TimeUnit.SECONDS);
        }
        return id;
    }

    // ---- counting -----------------------------------------------------------------------------------------------

    static final class Tally {
        final Map<String, Integer> records = new LinkedHashMap<>();
        final Map<String, Integer> distinct = new LinkedHashMap<>();
        int duplicatesDelivered;
        int duplicatesApplied;
        final List<String> duplicateDetails = new ArrayList<>();
        long lag;
        int deadLetters;
        int charges;
        int invoices;
        int expiredDeclines;
        int monthsClosed;
        int relayedTwice;
    }

    /** Waits until the system has caught up (every effect there, lag 0), then counts; fails with the last gap. */
    private Tally awaitQuiet(Load load, UUID poison) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (true) {
            try {
                return count(load, poison);
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Api.sleep(2000);
            }
        }
    }

    private Tally count(Load load, UUID poison) throws Exception {
        Tally t = new Tally();
        Map<String, List<EventEnvelope<IntegrationEvent>>> topics = new HashMap<>();
        Map<UUID, EventEnvelope<IntegrationEvent>> byId = new HashMap<>();
        for (String topic : Topics.EVENT_TOPICS) {
            List<EventEnvelope<IntegrationEvent>> events = new ArrayList<>();
            for (ConsumerRecord<String, String> r : read(topic)) {
                if ("chaos-poison".equals(r.key())) {
                    continue;
                }
                events.add(CODEC.decode(r.value()));
            }
            Set<UUID> ids = events.stream().map(EventEnvelope::eventId).collect(Collectors.toSet());
            t.records.put(topic, events.size());
            t.distinct.put(topic, ids.size());
            t.duplicatesDelivered += events.size() - ids.size();
            events.forEach(e -> byId.put(e.eventId(), e));
            topics.put(topic, events);
        }

        // 1. every acknowledged command's events are in the store, and every stored event is on its topic once
        Set<UUID> caseStore = storedIntegrationEventIds("case-service");
        Set<UUID> referralStore = storedIntegrationEventIds("referral-service");
        Set<UUID> billingStore = uuids("billing-service", "select event_id from ledger");
        assertThat(distinctIds(topics.get(Topics.CASE_EVENTS))).as("case events: store = topic").isEqualTo(caseStore);
        assertThat(distinctIds(topics.get(Topics.REFERRAL_EVENTS))).as("referral events: store = topic")
                .isEqualTo(referralStore);
        assertThat(distinctIds(topics.get(Topics.BILLING_EVENTS))).as("billing events: ledger = topic")
                .isEqualTo(billingStore);
        Map<String, List<String>> caseTypes = typesByCase(topics.get(Topics.CASE_EVENTS));
        for (String caseId : load.opened) {
            assertThat(caseTypes.getOrDefault(caseId, List.of())).as("events of acknowledged case " + caseId)
                    .contains("CaseOpened");
        }
        for (String caseId : load.mandated) {
            assertThat(caseTypes.get(caseId)).as("mandate of " + caseId).contains("AmiplusMandateIssued");
        }

        // 2. applied exactly once by every consumer: one effect per cause, and reporting logged each event once
        Map<String, Integer> effectsPerCause = new HashMap<>();
        for (EventEnvelope<IntegrationEvent> e : byId.values()) {
            if (e.causationId() != null && byId.containsKey(e.causationId())) {
                // one cause may charge several things; it may not decide the same thing twice
                String what = e.payload() instanceof ChargeRecorded ch ? ch.chargeId() : "";
                effectsPerCause.merge(e.causationId() + "/" + e.type() + "/" + e.caseId() + "/" + what, 1, Integer::sum);
            }
        }
        effectsPerCause.forEach((cause, n) -> {
            if (n > 1) {
                t.duplicatesApplied += n - 1;
                t.duplicateDetails.add(cause + " x" + n);
            }
        });
        Set<String> reported = topicsReadBy("reporting-service");
        Set<UUID> toReport = byId.values().stream().filter(e -> reported.contains(e.topic()))
                .map(EventEnvelope::eventId).collect(Collectors.toSet());
        long logged = scalar("reporting-service", "select count(*) from event_log where event_id = any(?)", toReport);
        assertThat(logged).as("reporting logged every event of " + reported + " once").isEqualTo(toReport.size());

        // AMIplus: the RAV leads after the mandate (once), one CHF 300 flat per mandate
        Map<String, Integer> leadChanges = new HashMap<>();
        for (EventEnvelope<IntegrationEvent> e : topics.get(Topics.CASE_EVENTS)) {
            if (e.payload() instanceof CaseLeadChanged) {
                leadChanges.merge(e.caseId() + "/" + e.eventId(), 1, Integer::sum);
            }
        }
        Map<String, Long> leadsPerCase = leadChanges.keySet().stream()
                .collect(Collectors.groupingBy(k -> k.substring(0, k.indexOf('/')), Collectors.counting()));
        for (String caseId : load.mandated) {
            assertThat(leadsPerCase.getOrDefault(caseId, 0L)).as("lead changes of AMIplus case " + caseId).isEqualTo(1);
        }
        Map<String, List<Object[]>> charges = new HashMap<>();
        try (Connection c = system.connect("billing-service"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select case_id, kind, period_from, amount_chf, charge_id, debtor_id, "
                     + "corrects_charge_id from charge")) {
            while (rs.next()) {
                t.charges++;
                charges.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new Object[]{rs.getString(2),
                        rs.getObject(3, LocalDate.class), rs.getBigDecimal(4), rs.getString(5), rs.getString(6),
                        rs.getString(7)});
            }
        }
        for (String caseId : load.mandated) {
            List<Object[]> flats = charges.getOrDefault(caseId, List.of()).stream()
                    .filter(ch -> "AMIPLUS_PHASE_1_FLAT".equals(ch[0])).toList();
            assertThat(flats).as("phase-1 flats of " + caseId).hasSize(1);
            assertThat((BigDecimal) flats.get(0)[2]).isEqualByComparingTo("300.00");
        }
        for (String caseId : load.acceptedHandovers.keySet()) {
            assertThat(charges.getOrDefault(caseId, List.of())).as("OPTIMA lead fee of " + caseId)
                    .anyMatch(ch -> "OPTIMA_LEAD_MONTH".equals(ch[0]));
        }
        charges.forEach((caseId, list) -> {
            Map<String, Long> same = list.stream().filter(ch -> ch[5] == null)
                    .collect(Collectors.groupingBy(ch -> ch[0] + "/" + ch[1] + "/" + ch[4], Collectors.counting()));
            same.forEach((k, n) -> {
                if (n > 1) {
                    t.duplicatesApplied += (int) (n - 1);
                    t.duplicateDetails.add("charge " + caseId + "/" + k + " x" + n);
                }
            });
        });

        // OPTIMA: an accepted handover led once; a silent one was declined once, by one of the two expiry jobs
        Map<String, Long> declines = new HashMap<>();
        Map<String, Long> accepts = new HashMap<>();
        Set<UUID> decided = new HashSet<>();
        for (EventEnvelope<IntegrationEvent> e : topics.get(Topics.REFERRAL_EVENTS)) {
            if (!decided.add(e.eventId())) {
                continue; // a record a relay sent again after a crash (duplicates delivered): one decision
            }
            if (e.payload() instanceof LeadHandoverDeclined d && d.deadlineExpired()) {
                declines.merge(d.handoverId(), 1L, Long::sum);
            } else if (e.payload() instanceof LeadHandoverAccepted a) {
                accepts.merge(a.handoverId(), 1L, Long::sum);
            }
        }
        for (String handover : load.silentHandovers.values()) {
            assertThat(declines.getOrDefault(handover, 0L)).as("expiry decisions on " + handover).isEqualTo(1);
        }
        for (String handover : load.acceptedHandovers.values()) {
            assertThat(accepts.getOrDefault(handover, 0L)).as("acceptances of " + handover).isEqualTo(1);
        }
        t.expiredDeclines = (int) declines.values().stream().mapToLong(Long::longValue).sum();
        t.duplicatesApplied += (int) declines.values().stream().filter(n -> n > 1).mapToLong(n -> n - 1).sum();

        // 3. invoices: each issued once, each charge on one invoice at most, totals = recomputation from the topic
        Map<String, BigDecimal> chargeAmounts = new HashMap<>();
        Map<String, Set<UUID>> invoiceEvents = new HashMap<>();
        List<InvoiceIssued> invoices = new ArrayList<>();
        Set<UUID> seenInvoiceEvents = new HashSet<>();
        for (EventEnvelope<IntegrationEvent> e : topics.get(Topics.BILLING_EVENTS)) {
            if (e.payload() instanceof ChargeRecorded ch) {
                chargeAmounts.put(ch.chargeId(), ch.amountChf());
            } else if (e.payload() instanceof InvoiceIssued inv && seenInvoiceEvents.add(e.eventId())) {
                invoices.add(inv);
                invoiceEvents.computeIfAbsent(inv.invoiceId(), k -> new HashSet<>()).add(e.eventId());
            }
        }
        invoiceEvents.forEach((invoice, events) -> {
            if (events.size() > 1) {
                t.duplicatesApplied += events.size() - 1;
                t.duplicateDetails.add("invoice " + invoice + " issued " + events.size() + " times");
            }
        });
        Map<String, String> invoiceOfCharge = new HashMap<>();
        for (InvoiceIssued inv : invoices) {
            BigDecimal net = BigDecimal.ZERO;
            for (InvoiceLine line : inv.lines()) {
                BigDecimal amount = chargeAmounts.get(line.chargeId());
                assertThat(amount).as("charge " + line.chargeId() + " of " + inv.invoiceId() + " on the topic")
                        .isNotNull();
                assertThat(line.amountChf()).isEqualByComparingTo(amount);
                net = net.add(amount);
                String earlier = invoiceOfCharge.put(line.chargeId(), inv.invoiceId());
                assertThat(earlier).as("charge " + line.chargeId() + " invoiced twice").isNull();
            }
            BigDecimal total = net.multiply(BigDecimal.valueOf(20)).setScale(0, RoundingMode.HALF_UP)
                    .divide(BigDecimal.valueOf(20), 2, RoundingMode.UNNECESSARY);
            assertThat(inv.netTotalChf()).as("net of " + inv.invoiceId()).isEqualByComparingTo(net);
            assertThat(inv.totalChf()).as("total of " + inv.invoiceId()).isEqualByComparingTo(total);
        }
        t.invoices = invoices.size();
        t.monthsClosed = (int) scalar("billing-service", "select count(*) from billing_month", null);
        assertThat(scalar("billing-service", "select count(*) from invoice", null)).as("invoices stored = issued")
                .isEqualTo(invoices.size());

        // 4. lag 0 for every consumer group, and the dead letters hold only the poison record
        Map<String, Long> lagging = lagging();
        t.lag = lagging.values().stream().mapToLong(Long::longValue).sum();
        assertThat(t.lag).as("consumer lag " + lagging).isZero();
        List<String> unexpected = new ArrayList<>();
        for (String dlq : Topics.deadLetterTopics()) {
            for (ConsumerRecord<String, String> r : read(dlq)) {
                t.deadLetters++;
                if (!"chaos-poison".equals(r.key())) {
                    unexpected.add(dlq + ": " + r.key() + " " + header(r, Topics.HEADER_DLQ_REASON));
                }
            }
        }
        assertThat(unexpected).as("dead letters not injected (poison " + poison + ")").isEmpty();
        assertThat(t.deadLetters).as("the poison record, dead-lettered by its consumers").isPositive();
        return t;
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static Set<UUID> distinctIds(List<EventEnvelope<IntegrationEvent>> events) {
        return events.stream().map(EventEnvelope::eventId).collect(Collectors.toSet());
    }

    private static Map<String, List<String>> typesByCase(List<EventEnvelope<IntegrationEvent>> events) {
        return events.stream().collect(Collectors.groupingBy(e -> String.valueOf(e.caseId()),
                Collectors.mapping(EventEnvelope::type, Collectors.toList())));
    }

    /** Event ids in an Axon store whose payload is an integration event (the relay keeps the others inside). */
    private static Set<UUID> storedIntegrationEventIds(String service) throws Exception {
        Set<UUID> ids = new HashSet<>();
        try (Connection c = system.connect(service); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select eventidentifier, payloadtype from domainevententry")) {
            while (rs.next()) {
                if (isIntegrationEvent(rs.getString(2))) {
                    ids.add(UUID.fromString(rs.getString(1)));
                }
            }
        }
        return ids;
    }

    private static boolean isIntegrationEvent(String type) {
        try {
            return IntegrationEvent.class.isAssignableFrom(Class.forName(type));
        } catch (ClassNotFoundException e) {
            return false; // a service's internal event
        }
    }

    private static Set<UUID> uuids(String service, String sql) throws Exception {
        Set<UUID> ids = new HashSet<>();
        try (Connection c = system.connect(service); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                ids.add(UUID.fromString(rs.getString(1)));
            }
        }
        return ids;
    }

    private static long scalar(String service, String sql, Set<UUID> ids) throws Exception {
        try (Connection c = system.connect(service); var ps = c.prepareStatement(sql)) {
            if (ids != null) {
                ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Every record of a topic, from offset zero to its current end. */
    private static List<ConsumerRecord<String, String>> read(String topic) {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, system.kafka.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
                new StringDeserializer())) {
            var partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (partitions == null || partitions.isEmpty()) {
                return found;
            }
            List<TopicPartition> tps = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> end = consumer.endOffsets(tps);
            while (tps.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(found::add);
            }
        }
        return found;
    }

    /** The topics a consumer group has read (committed positions on). */
    private static Set<String> topicsReadBy(String group) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                system.kafka.bootstrapServers()))) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                    .keySet().stream().map(TopicPartition::topic).collect(Collectors.toSet());
        }
    }

    /** Each consumer group's partitions whose committed position is short of the end, by how much. */
    private static Map<String, Long> lagging() throws Exception {
        Map<String, Long> lagging = new TreeMap<>();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                system.kafka.bootstrapServers()))) {
            for (String group : Topics.CONSUMER_GROUPS) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> latest = committed.keySet().stream()
                        .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                        .get(30, TimeUnit.SECONDS);
                for (var entry : committed.entrySet()) {
                    if (entry.getValue() != null) {
                        long behind = ends.get(entry.getKey()).offset() - entry.getValue().offset();
                        if (behind != 0) {
                            lagging.put(group + " " + entry.getKey() + " at " + entry.getValue().offset(), behind);
                        }
                    }
                }
            }
        }
        return lagging;
    }

    /**
     * Where the time went between an OPTIMA opening and referral-service answering its lead, step by step, for the
     * slowest cases, beside the faults' times (seconds since the load began): appended in case-service's store, sent
     * by its relay (the record's timestamp), applied by referral-service (its transaction's start).
     */
    private void printLeadPaths(Load load) {
        StringBuilder out = new StringBuilder("\nlead path of the slowest OPTIMA openings (s since the load began):\n");
        try {
            Map<String, UUID> opening = new HashMap<>();
            Map<String, Long> stored = new HashMap<>();
            try (Connection c = system.connect("case-service"); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select aggregateidentifier, eventidentifier, timestamp "
                         + "from domainevententry where payloadtype = '" + CaseOpened.class.getName() + "'")) {
                while (rs.next()) {
                    opening.put(rs.getString(1), UUID.fromString(rs.getString(2)));
                    stored.put(rs.getString(1), Instant.parse(rs.getString(3)).toEpochMilli());
                }
            }
            Map<UUID, ConsumerRecord<String, String>> sent = new HashMap<>();
            for (ConsumerRecord<String, String> r : read(Topics.CASE_EVENTS)) {
                if (!"chaos-poison".equals(r.key())) {
                    sent.putIfAbsent(CODEC.decode(r.value()).eventId(), r);
                }
            }
            Map<UUID, Long> applied = new HashMap<>();
            try (Connection c = system.connect("referral-service"); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select event_id, processed_at from processed_event")) {
                while (rs.next()) {
                    applied.put(UUID.fromString(rs.getString(1)),
                            rs.getObject(2, OffsetDateTime.class).toInstant().toEpochMilli());
                }
            }
            load.leadSeen.entrySet().stream()
                    .sorted((a, b) -> Long.compare(waited(b.getValue()), waited(a.getValue()))).limit(5)
                    .forEach(e -> {
                        UUID event = opening.get(e.getKey());
                        ConsumerRecord<String, String> r = event == null ? null : sent.get(event);
                        out.append(String.format("  case %s acknowledged %s, stored %s, sent %s%s, applied %s, "
                                        + "lead answered %s%n", e.getKey().substring(0, 8), since(e.getValue()[0]),
                                since(stored.get(e.getKey())), r == null ? "-" : since(r.timestamp()),
                                r == null ? "" : " (" + r.topic() + "-" + r.partition() + "@" + r.offset() + ")",
                                event == null ? "-" : since(applied.get(event)), since(e.getValue()[1])));
                    });
        } catch (Exception | AssertionError e) {
            out.append("  not readable: ").append(e).append('\n');
        }
        out.append("faults (injected - recovered):\n");
        faultTimes.forEach((fault, t) -> out.append(String.format("  %-42s %s - %s%n", fault, since(t[0]), since(t[1]))));
        System.out.println(out);
    }

    private static long waited(long[] seen) {
        return (seen[1] == 0 ? System.currentTimeMillis() : seen[1]) - seen[0];
    }

    private String since(Long epochMillis) {
        return epochMillis == null || epochMillis == 0 ? "never" : String.format("%.1f", (epochMillis - began) / 1000.0);
    }

    private void print(Load load, Api api, Tally t) {
        StringBuilder out = new StringBuilder("\n==== Chaos suite: " + Topology.BROKERS + " brokers, " + Topology.INSTANCES
                + " instances of each of " + ServiceProcesses.SERVICES.size() + " services ====\n");
        out.append("faults injected:         ").append(recoveries.size()).append(" (")
                .append(recoveries.keySet().stream().mapToInt(k -> k.contains("+") ? 2 : 1).sum())
                .append(" processes killed with SIGKILL)\n");
        out.append("case flows:              ").append(load.flowsStarted()).append(" (")
                .append(load.mandated.size()).append(" AMIplus mandates, ")
                .append(load.acceptedHandovers.size()).append(" OPTIMA handovers accepted, ")
                .append(load.silentHandovers.size()).append(" left to expire)\n");
        out.append("commands acknowledged:   ").append(load.acknowledged.get()).append(" (not acknowledged: ")
                .append(load.notAcknowledged.get()).append("; requests sent again to the other instance: ")
                .append(api.retries.get()).append(")\n");
        t.records.forEach((topic, n) -> out.append(String.format("events %-18s %d distinct, %d records%n", topic,
                t.distinct.get(topic), n)));
        out.append("duplicates delivered:    ").append(t.duplicatesDelivered).append(" (records sent twice by a relay)\n");
        out.append("duplicates applied:      ").append(t.duplicatesApplied).append(t.duplicateDetails.isEmpty() ? ""
                : " " + t.duplicateDetails).append('\n');
        out.append("charges:                 ").append(t.charges).append("; invoices issued: ").append(t.invoices)
                .append(" (each once, totals recomputed from the topic); months closed: ").append(t.monthsClosed)
                .append('\n');
        out.append("handovers expired:       ").append(t.expiredDeclines).append(" (each declined once by one of ")
                .append(Topology.INSTANCES).append(" expiry jobs)\n");
        out.append("consumer lag:            ").append(t.lag).append("; dead letters: ").append(t.deadLetters)
                .append(" (all the injected poison record)\n");
        out.append("time to recover (until every instance is ready and no partition misses a replica), "
                + "commands acknowledged meanwhile:\n");
        recoveries.forEach((fault, took) -> out.append(String.format("  %-42s %5.1f s  %3d commands%n", fault,
                took.toMillis() / 1000.0, acknowledgedDuring.get(fault))));
        out.append("supervisor: ").append(system.supervisorLog).append('\n');
        System.out.println(out);
    }
}
