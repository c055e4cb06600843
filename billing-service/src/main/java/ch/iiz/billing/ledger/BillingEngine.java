package ch.iiz.billing.ledger;

import ch.iiz.billing.account.AccountRules;
import ch.iiz.billing.account.CaseAccount;
import ch.iiz.billing.payment.PaymentReference;
import ch.iiz.events.cases.CaseEvent;
import ch.iiz.service.access.Access;
import ch.iiz.billing.account.Charge;
import ch.iiz.billing.tariff.InvoiceTotals;
import ch.iiz.events.Actor;
import ch.iiz.events.EventEnvelope;
import ch.iiz.events.InstitutionType;
import ch.iiz.events.IntegrationEvent;
import ch.iiz.events.billing.BillingEvent;
import ch.iiz.events.billing.BillingMonthClosed;
import ch.iiz.events.billing.ChargeKind;
import ch.iiz.events.billing.CreditNoteIssued;
import ch.iiz.events.billing.InvoiceIssued;
import ch.iiz.events.billing.InvoiceLine;
import ch.iiz.events.codec.EventCodec;
import ch.iiz.events.codec.UnknownEventTypeException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Billing's write side, on plain JDBC: applies a batch of input records, or closes a month, in one transaction each, writing
 * charges, invoices and the ledger (billing's own events, which the relay publishes). Everything it writes is derived
 * deterministically (ids, timestamps, sequences), so applying the same inputs and closings in the same order to an
 * empty database yields exactly the same ledger: that is how billing is rebuilt from offset zero.
 */
public final class BillingEngine {

    public static final Actor SYSTEM = new Actor("billing-service", InstitutionType.OPERATIONS, Actor.SYSTEM_ROLE);
    private static final ZoneId ZURICH = ZoneId.of("Europe/Zurich");
    /** The first key of the advisory lock a month close holds (the second is the creditor's hash). */
    private static final int CLOSE_LOCK = 0x11B1;

    private final DataSource dataSource;
    private final EventCodec codec = new EventCodec();
    private final ObjectMapper json = codec.mapper();

    private volatile Runnable ledgerAppended = () -> {
    };

    public BillingEngine(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Told after a transaction that appended to the ledger committed (the relay wakes up instead of polling). */
    public void onLedgerAppended(Runnable listener) {
        this.ledgerAppended = listener;
    }

    /** Outcome of a month close. */
    public record Closed(YearMonth month, List<String> invoiceIds, Map<String, Long> inputPositions) {
    }

    /** Thrown for a close that may not happen (month not over, closed already). */
    public static final class CloseRefused extends RuntimeException {
        private final String rule;

        CloseRefused(String rule, String message) {
            super(message);
            this.rule = rule;
        }

        public String rule() {
            return rule;
        }
    }

    // ------------------------------------------------------------------ inputs

    /**
     * Applies one record of {@code iiz.case.events}, {@code iiz.referral.events} or {@code iiz.placement.events}; a
     * repeat changes nothing. A record
     * that fails is passed over (its position recorded) and the failure thrown, for the dead-letter topic to take.
     */
    public void apply(String topic, int partition, long offset, byte[] value) {
        try {
            applyRecord(topic, partition, offset, value);
        } catch (RuntimeException e) {
            if (ch.iiz.service.kafka.TransientFailures.isTransient(e)) {
                throw e; // the database is away: not passed over, the record is applied again (InputConsumers)
            }
            inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("""
                        insert into input_position (topic, partition, next_offset) values (?, ?, ?)
                        on conflict (topic, partition) do update set next_offset = excluded.next_offset
                        where input_position.next_offset < excluded.next_offset""")) {
                    ps.setString(1, topic);
                    ps.setInt(2, partition);
                    ps.setLong(3, offset + 1);
                    ps.executeUpdate();
                }
                return null;
            });
            throw e;
        }
    }

    private void applyRecord(String topic, int partition, long offset, byte[] value) {
        applyAll(List.of(new Input(topic, partition, offset, value)));
    }

    /** One record of an input topic. */
    public record Input(String topic, int partition, long offset, byte[] value) {
    }

    /**
     * Applies a batch of input records in one transaction, with the same result as applying them one by one: the
     * positions move once per partition, the accounts of the batch's cases are read and written once, and the charges
     * and ledger rows go in batched statements. When any record fails nothing is applied and the failure is thrown:
     * the caller then applies the records one by one ({@link #apply}), so only the one at fault is passed over.
     */
    public void applyAll(List<Input> inputs) {
        if (inputs.isEmpty()) {
            return;
        }
        boolean appended = inTransaction(c -> applyInputs(c, inputs));
        if (appended) {
            ledgerAppended.run();
        }
    }

    private boolean applyInputs(Connection c, List<Input> inputs) throws SQLException {
        List<EventEnvelope<IntegrationEvent>> events = new ArrayList<>();
        for (Input input : claimPositions(c, inputs)) {
            EventEnvelope<IntegrationEvent> envelope;
            try {
                envelope = codec.decode(input.value() == null ? "" : new String(input.value(), StandardCharsets.UTF_8));
            } catch (UnknownEventTypeException e) {
                continue; // written by a newer producer; nothing billing knows how to charge
            }
            // a course confirmation names its cases in its seats, other inputs in their envelope
            if (!(envelope.payload() instanceof BillingEvent)
                    && !AccountRules.casesOf(envelope.payload(), envelope.caseId()).isEmpty()) {
                events.add(envelope);
            }
        }
        List<EventEnvelope<IntegrationEvent>> fresh = markProcessed(c, events);
        if (fresh.isEmpty()) {
            return false;
        }
        List<Access.Fact> access = new ArrayList<>();
        for (EventEnvelope<IntegrationEvent> e : fresh) {
            if (e.payload() instanceof CaseEvent caseEvent) {
                access.add(new Access.Fact(e.caseId(), e.sequence(), caseEvent));
            }
        }
        Access.applyAll(c, access);
        List<String> caseIds = fresh.stream().flatMap(e -> AccountRules.casesOf(e.payload(), e.caseId()).stream())
                .distinct().toList();
        Map<String, CaseAccount> accounts = loadAccounts(c, caseIds);
        LedgerBatch ledger = new LedgerBatch(c, caseIds);
        for (EventEnvelope<IntegrationEvent> e : fresh) {
            LocalDate recordedOn = e.occurredAt() == null ? LocalDate.MAX : LocalDate.ofInstant(e.occurredAt(), ZURICH);
            for (String caseId : AccountRules.casesOf(e.payload(), e.caseId())) {
                CaseAccount account = accounts.computeIfAbsent(caseId, CaseAccount::open);
                for (Charge charge : AccountRules.apply(account, e.payload(), e.eventId(), recordedOn)) {
                    ledger.charge(charge, e.occurredAt(), e.correlationId(), e.eventId());
                }
            }
        }
        ledger.write();
        for (String caseId : caseIds) {
            saveAccount(c, accounts.get(caseId));
        }
        return ledger.appended();
    }

    /** Locks the batch's input positions and moves them past it; returns the records not applied before, in order. */
    private static List<Input> claimPositions(Connection c, List<Input> inputs) throws SQLException {
        Map<String, Long> next = new TreeMap<>();
        Map<String, Object[]> partitions = new TreeMap<>();
        for (Input in : inputs) {
            partitions.put(in.topic() + "-" + in.partition(), new Object[]{in.topic(), in.partition()});
        }
        Object[] topics = partitions.values().stream().map(p -> p[0]).toArray();
        Object[] numbers = partitions.values().stream().map(p -> p[1]).toArray();
        try (PreparedStatement ps = c.prepareStatement("insert into input_position (topic, partition, next_offset) "
                + "select t, p, 0 from unnest(?::text[], ?::int[]) as x(t, p) on conflict do nothing")) {
            ps.setArray(1, c.createArrayOf("text", topics));
            ps.setArray(2, c.createArrayOf("int4", numbers));
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("select topic, partition, next_offset from input_position where "
                + "(topic, partition) in (select * from unnest(?::text[], ?::int[])) order by topic, partition for update")) {
            ps.setArray(1, c.createArrayOf("text", topics));
            ps.setArray(2, c.createArrayOf("int4", numbers));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    next.put(rs.getString(1) + "-" + rs.getInt(2), rs.getLong(3));
                }
            }
        }
        List<Input> claimed = new ArrayList<>();
        Map<String, Long> moved = new TreeMap<>();
        for (Input in : inputs) {
            String key = in.topic() + "-" + in.partition();
            if (in.offset() >= moved.getOrDefault(key, next.get(key))) {
                claimed.add(in);
                moved.put(key, in.offset() + 1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "update input_position set next_offset = ? where topic = ? and partition = ?")) {
            for (Map.Entry<String, Long> m : moved.entrySet()) {
                Object[] p = partitions.get(m.getKey());
                ps.setLong(1, m.getValue());
                ps.setString(2, (String) p[0]);
                ps.setInt(3, (Integer) p[1]);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return claimed;
    }

    /** Records the events as processed; returns those not processed before (a duplicate counts once), in order. */
    private static List<EventEnvelope<IntegrationEvent>> markProcessed(Connection c,
                                                                      List<EventEnvelope<IntegrationEvent>> events)
            throws SQLException {
        if (events.isEmpty()) {
            return List.of();
        }
        Set<UUID> inserted = new java.util.HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("insert into processed_event (consumer, event_id) "
                + "select 'billing', id from unnest(?::uuid[]) with ordinality as t(id, n) order by n "
                + "on conflict do nothing returning event_id")) {
            ps.setArray(1, c.createArrayOf("uuid", events.stream().map(EventEnvelope::eventId).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    inserted.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return events.stream().filter(e -> inserted.remove(e.eventId())).toList();
    }

    /**
     * Charges and their ledger events of one input batch, written with two batched statements. Each event numbers
     * itself after the ledger rows of its key, counted once per key and then kept here.
     */
    private final class LedgerBatch {
        private final Connection c;
        private final Map<String, Long> nextSequence = new java.util.HashMap<>();
        private final List<Charge> charges = new ArrayList<>();
        private final List<String[]> rows = new ArrayList<>();

        LedgerBatch(Connection c, List<String> caseIds) throws SQLException {
            this.c = c;
            try (PreparedStatement ps = c.prepareStatement(
                    "select partition_key, count(*) from ledger where partition_key = any(?) group by partition_key")) {
                ps.setArray(1, c.createArrayOf("text", caseIds.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        nextSequence.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            caseIds.forEach(id -> nextSequence.putIfAbsent(id, 0L));
        }

        void charge(Charge charge, Instant at, UUID correlation, UUID causation) throws SQLException {
            charges.add(charge);
            String key = charge.caseId();
            Long sequence = nextSequence.get(key);
            if (sequence == null) {
                sequence = countLedger(c, key);
            }
            nextSequence.put(key, sequence + 1);
            rows.add(ledgerRow(charge.toEvent(), charge.caseId(), sequence, at, SYSTEM, correlation, causation));
        }

        boolean appended() {
            return !rows.isEmpty();
        }

        void write() throws SQLException {
            if (charges.isEmpty()) {
                return;
            }
            try (PreparedStatement ps = c.prepareStatement(INSERT_CHARGE)) {
                for (Charge charge : charges) {
                    bindCharge(ps, charge);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement(INSERT_LEDGER)) {
                for (String[] row : rows) {
                    bindLedger(ps, row);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    // ------------------------------------------------------------------ month close

    /**
     * Closes {@code month} for {@code creditor}: charges what ran until its last day, issues one invoice per debtor
     * (late charges of closed months become lines correcting their invoice; a negative month becomes a credit note)
     * and records the close with the input positions it saw.
     */
    public Closed closeMonth(String creditor, YearMonth month, LocalDate closedOn, boolean automatic, Actor actor) {
        if (!closedOn.isAfter(month.atEndOfMonth())) {
            throw new CloseRefused("month-not-over", month + " can be closed from " + month.plusMonths(1).atDay(1));
        }
        try {
            Closed closed = inTransaction(c -> closeMonth(c, creditor, month, closedOn, automatic, actor));
            ledgerAppended.run();
            return closed;
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                // another instance closed the same month between our check and our insert: its invoices stand
                throw new CloseRefused("month-closed", month + " is closed already for " + creditor);
            }
            throw e;
        }
    }

    private Closed closeMonth(Connection c, String creditor, YearMonth month, LocalDate closedOn, boolean automatic,
                              Actor actor) throws SQLException {
        {
            // one close per creditor at a time, across every billing instance; the unique key on (creditor, month)
            // of billing_month is the last line of defence
            try (PreparedStatement ps = c.prepareStatement("select pg_advisory_xact_lock(?, hashtext(?))")) {
                ps.setInt(1, CLOSE_LOCK);
                ps.setString(2, creditor);
                ps.executeQuery().close();
            }
            Map<String, Long> positions = lockPositions(c);
            if (isClosed(c, creditor, month)) {
                throw new CloseRefused("month-closed", month + " is closed already for " + creditor);
            }
            Instant at = closedOn.atStartOfDay(ZURICH).toInstant();
            for (CaseAccount account : accountsOf(c, creditor)) {
                for (Charge charge : AccountRules.accrue(account, creditor, month.atEndOfMonth())) {
                    record(c, charge, at, null, null);
                }
                saveAccount(c, account);
            }
            List<String> invoiceIds = issueInvoices(c, creditor, month, closedOn, actor, at);
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into billing_month (creditor_id, month, closed_on, automatic) values (?, ?, ?, ?)")) {
                ps.setString(1, creditor);
                ps.setString(2, month.toString());
                ps.setObject(3, closedOn);
                ps.setBoolean(4, automatic);
                ps.executeUpdate();
            }
            append(c, new BillingMonthClosed(creditor, month, closedOn, automatic, positions), null, at, actor, null, null);
            return new Closed(month, invoiceIds, positions);
        }
    }

    private List<String> issueInvoices(Connection c, String creditor, YearMonth month, LocalDate issuedOn, Actor actor,
                                       Instant at) throws SQLException {
        Map<String, List<Charge>> byDebtor = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                select charge_id, case_id, kind, creditor_id, debtor_id, period_from, period_to, quantity, unit_price_chf,
                       amount_chf, billing_month, source_event_ids, corrects_charge_id
                from charge where creditor_id = ? and invoice_id is null and billing_month <= ?
                order by debtor_id, case_id, period_from, charge_id""")) {
            ps.setString(1, creditor);
            ps.setString(2, month.toString());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Charge ch = new Charge(rs.getString(1), rs.getString(2), ChargeKind.valueOf(rs.getString(3)),
                            rs.getString(4), rs.getString(5), rs.getObject(6, LocalDate.class),
                            rs.getObject(7, LocalDate.class), rs.getBigDecimal(8), rs.getBigDecimal(9),
                            rs.getBigDecimal(10), YearMonth.parse(rs.getString(11)), uuids(rs.getString(12)),
                            rs.getString(13));
                    byDebtor.computeIfAbsent(ch.debtorId(), d -> new ArrayList<>()).add(ch);
                }
            }
        }
        List<String> ids = new ArrayList<>();
        for (Map.Entry<String, List<Charge>> debtor : byDebtor.entrySet()) {
            if (debtor.getKey().equals(creditor)) {
                continue; // a creditor never invoices itself (such charges are not made; older ones stay uninvoiced)
            }
            List<InvoiceLine> lines = new ArrayList<>();
            List<BigDecimal> amounts = new ArrayList<>();
            int no = 1;
            for (Charge ch : debtor.getValue()) {
                String corrects = ch.billingMonth().isBefore(month) && isClosed(c, creditor, ch.billingMonth())
                        ? invoiceOf(c, creditor, debtor.getKey(), ch.billingMonth()) : null;
                lines.add(new InvoiceLine(no++, ch.chargeId(), ch.caseId(), ch.kind(), ch.periodFrom(), ch.periodTo(),
                        ch.quantity(), ch.unitPriceChf(), ch.amountChf(), ch.sourceEventIds(), corrects));
                amounts.add(ch.amountChf());
            }
            InvoiceTotals totals = InvoiceTotals.of(amounts);
            boolean credit = totals.netChf().signum() < 0;
            String id = (credit ? "CN-" : "INV-") + month + "-" + creditor + "-" + debtor.getKey();
            String original = credit ? latestInvoice(c, creditor, debtor.getKey()) : null;
            BillingEvent event = credit
                    ? new CreditNoteIssued(id, original == null ? "none" : original, creditor, debtor.getKey(), month,
                    issuedOn, lines, totals.netChf(), totals.roundingChf(), totals.totalChf())
                    : new InvoiceIssued(id, creditor, debtor.getKey(), month, issuedOn, lines, totals.netChf(),
                    totals.roundingChf(), totals.totalChf());
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into invoice (invoice_id, kind, creditor_id, debtor_id, month, issued_on, net_chf, rounding_chf,
                      total_chf, original_invoice_id, lines, reference_no)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), ?)""")) {
                ps.setString(1, id);
                ps.setString(2, credit ? "CREDIT_NOTE" : "INVOICE");
                ps.setString(3, creditor);
                ps.setString(4, debtor.getKey());
                ps.setString(5, month.toString());
                ps.setObject(6, issuedOn);
                ps.setBigDecimal(7, totals.netChf());
                ps.setBigDecimal(8, totals.roundingChf());
                ps.setBigDecimal(9, totals.totalChf());
                ps.setString(10, original);
                ps.setString(11, json.writeValueAsString(lines));
                ps.setString(12, PaymentReference.numberOf(id));
                ps.executeUpdate();
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            try (PreparedStatement ps = c.prepareStatement("update charge set invoice_id = ? where charge_id = ?")) {
                for (Charge ch : debtor.getValue()) {
                    ps.setString(1, id);
                    ps.setString(2, ch.chargeId());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            append(c, event, null, at, actor, null, null);
            ids.add(id);
        }
        return ids;
    }

    // ------------------------------------------------------------------ ledger and state

    private static final String INSERT_CHARGE = """
            insert into charge (charge_id, case_id, kind, creditor_id, debtor_id, period_from, period_to, quantity,
              unit_price_chf, amount_chf, billing_month, source_event_ids, corrects_charge_id)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String INSERT_LEDGER =
            "insert into ledger (event_id, type, partition_key, envelope) values (?::uuid, ?, ?, ?)";

    private void record(Connection c, Charge charge, Instant at, UUID correlation, UUID causation) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT_CHARGE)) {
            bindCharge(ps, charge);
            ps.executeUpdate();
        }
        append(c, charge.toEvent(), charge.caseId(), at, SYSTEM, correlation, causation);
    }

    private static void bindCharge(PreparedStatement ps, Charge charge) throws SQLException {
        ps.setString(1, charge.chargeId());
        ps.setString(2, charge.caseId());
        ps.setString(3, charge.kind().name());
        ps.setString(4, charge.creditorId());
        ps.setString(5, charge.debtorId());
        ps.setObject(6, charge.periodFrom());
        ps.setObject(7, charge.periodTo());
        ps.setBigDecimal(8, charge.quantity());
        ps.setBigDecimal(9, charge.unitPriceChf());
        ps.setBigDecimal(10, charge.amountChf());
        ps.setString(11, charge.billingMonth().toString());
        ps.setString(12, String.join(",", charge.sourceEventIds().stream().map(UUID::toString).toList()));
        ps.setString(13, charge.correctsChargeId());
    }

    private void append(Connection c, BillingEvent event, String caseId, Instant at, Actor actor, UUID correlation,
                        UUID causation) throws SQLException {
        String key = caseId != null ? caseId : ((EventEnvelope.Keyed) event).partitionKey();
        String[] row = ledgerRow(event, caseId, countLedger(c, key), at, actor, correlation, causation);
        try (PreparedStatement ps = c.prepareStatement(INSERT_LEDGER)) {
            bindLedger(ps, row);
            ps.executeUpdate();
        }
    }

    /** Event id, type, partition key and envelope of a ledger row: all derived from the event, so a rebuild matches. */
    private String[] ledgerRow(BillingEvent event, String caseId, long sequence, Instant at, Actor actor,
                               UUID correlation, UUID causation) {
        String id = event instanceof ch.iiz.events.billing.ChargeRecorded r ? r.chargeId()
                : event instanceof InvoiceIssued i ? i.invoiceId()
                : event instanceof CreditNoteIssued n ? n.creditNoteId()
                : ((BillingMonthClosed) event).creditorId() + "/" + ((BillingMonthClosed) event).month();
        UUID eventId = UUID.nameUUIDFromBytes(("billing:" + event.getClass().getSimpleName() + ":" + id)
                .getBytes(StandardCharsets.UTF_8));
        String key = caseId != null ? caseId : ((EventEnvelope.Keyed) event).partitionKey();
        EventEnvelope<BillingEvent> envelope = EventEnvelope.of(eventId, caseId, sequence, at, actor, correlation,
                causation, event);
        return new String[]{eventId.toString(), envelope.type(), key, codec.encode(envelope)};
    }

    private static void bindLedger(PreparedStatement ps, String[] row) throws SQLException {
        for (int i = 0; i < row.length; i++) {
            ps.setString(i + 1, row[i]);
        }
    }

    /** The number of ledger rows of a key: the sequence of its next event. */
    private static long countLedger(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select count(*) from ledger where partition_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private Map<String, CaseAccount> loadAccounts(Connection c, List<String> caseIds) throws SQLException {
        Map<String, CaseAccount> accounts = new java.util.HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "select case_id, state from account where case_id = any(?) order by case_id for update")) {
            ps.setArray(1, c.createArrayOf("text", caseIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    accounts.put(rs.getString(1), json.readValue(rs.getString(2), CaseAccount.class));
                }
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable account", e);
        }
        return accounts;
    }

    private void saveAccount(Connection c, CaseAccount account) throws SQLException {
        Set<String> creditors = new LinkedHashSet<>();
        if (account.amiplusCreditor != null) {
            creditors.add(account.amiplusCreditor);
        }
        account.leads.values().forEach(l -> creditors.add(l.leadInstitution()));
        try (PreparedStatement ps = c.prepareStatement("""
                insert into account (case_id, creditors, state, running) values (?, ?, cast(? as jsonb), ?)
                on conflict (case_id) do update set creditors = excluded.creditors, state = excluded.state,
                  running = excluded.running""")) {
            ps.setString(1, account.caseId);
            ps.setArray(2, c.createArrayOf("text", creditors.toArray()));
            ps.setString(3, json.writeValueAsString(account));
            ps.setArray(4, c.createArrayOf("text", AccountRules.runningCreditors(account).toArray()));
            ps.executeUpdate();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<CaseAccount> accountsOf(Connection c, String creditor) throws SQLException {
        List<CaseAccount> accounts = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "select state from account where ? = any(creditors) order by case_id for update")) {
            ps.setString(1, creditor);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    accounts.add(json.readValue(rs.getString(1), CaseAccount.class));
                }
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return accounts;
    }

    private static Map<String, Long> lockPositions(Connection c) throws SQLException {
        Map<String, Long> positions = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "select topic, partition, next_offset from input_position order by topic, partition for update");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                positions.put(rs.getString(1) + "-" + rs.getInt(2), rs.getLong(3));
            }
        }
        return positions;
    }

    private static boolean isClosed(Connection c, String creditor, YearMonth month) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "select 1 from billing_month where creditor_id = ? and month = ?")) {
            ps.setString(1, creditor);
            ps.setString(2, month.toString());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static String invoiceOf(Connection c, String creditor, String debtor, YearMonth month) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select invoice_id from invoice where creditor_id = ? and "
                + "debtor_id = ? and month = ? and kind = 'INVOICE'")) {
            ps.setString(1, creditor);
            ps.setString(2, debtor);
            ps.setString(3, month.toString());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static String latestInvoice(Connection c, String creditor, String debtor) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select invoice_id from invoice where creditor_id = ? and "
                + "debtor_id = ? and kind = 'INVOICE' order by month desc limit 1")) {
            ps.setString(1, creditor);
            ps.setString(2, debtor);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static List<UUID> uuids(String csv) {
        return csv == null || csv.isBlank() ? List.of() : Arrays.stream(csv.split(",")).map(UUID::fromString).toList();
    }

    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T inTransaction(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("billing database: " + e.getMessage(), e);
        }
    }

    /** The ledger as written, in order: what a rebuild must reproduce. */
    public List<String> ledger() {
        return inTransaction(c -> {
            List<String> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("select envelope from ledger order by seq");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
            return rows;
        });
    }
}
