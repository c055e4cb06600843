package ch.iiz.axon;

import ch.iiz.events.Actor;
import ch.iiz.events.EventEnvelope;
import ch.iiz.events.InstitutionType;
import ch.iiz.events.audit.ChainAnchored;
import ch.iiz.events.integrity.EventChain;
import ch.iiz.service.time.ClockProducer;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Anchors of a service's event store: SHA-256 over all chain heads ({@link EventChain#anchor}), kept in
 * {@code chain_anchor} and published to {@code iiz.audit.anchors}. Periodic runs are safe with several instances: a
 * run holds a transaction-scoped PostgreSQL advisory lock and skips when another instance anchored within the period.
 */
public class ChainAnchors {

    private static final Logger LOG = Logger.getLogger(ChainAnchors.class);
    /** The advisory lock key of anchoring (any constant shared by the instances of a service). */
    static final long LOCK = 0x1122_0000_a9c4_0001L;

    private final String service;
    private final DataSource dataSource;
    private final EventHashes hashes;
    private final KafkaOutboxRelay relay;

    public ChainAnchors(String service, DataSource dataSource, EventHashes hashes, KafkaOutboxRelay relay) {
        this.service = service;
        this.dataSource = dataSource;
        this.hashes = hashes;
        this.relay = relay;
    }

    /**
     * Anchors now unless another run (of any instance) anchored less than {@code notWithin} ago; the anchor or null.
     * {@code notWithin} zero: always (on demand; still one at a time).
     */
    public ChainAnchored anchor(String trigger, Duration notWithin, Clock clock) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("select pg_advisory_xact_lock(?)")) {
                    ps.setLong(1, LOCK);
                    ps.executeQuery().close();
                }
                Instant now = clock.instant();
                if (!notWithin.isZero()) {
                    try (PreparedStatement ps = c.prepareStatement("select max(anchored_at) from chain_anchor");
                         ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        Timestamp last = rs.getTimestamp(1);
                        if (last != null && last.toInstant().plus(notWithin).isAfter(now)) {
                            c.rollback();
                            return null;
                        }
                    }
                }
                EventHashes.Heads heads = hashes.heads();
                ChainAnchored anchor = new ChainAnchored(UUID.randomUUID().toString(), service, now,
                        now.atZone(ClockProducer.BUSINESS_ZONE).toLocalDate(), heads.heads().size(), heads.events(),
                        EventChain.hex(EventChain.anchor(heads.heads())), trigger);
                try (PreparedStatement ps = c.prepareStatement("insert into chain_anchor (anchor_id, anchored_at, "
                        + "aggregates, events, digest, trigger) values (?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, anchor.anchorId());
                    ps.setTimestamp(2, Timestamp.from(now));
                    ps.setLong(3, anchor.aggregates());
                    ps.setLong(4, anchor.events());
                    ps.setString(5, anchor.digest());
                    ps.setString(6, trigger);
                    ps.executeUpdate();
                }
                // published before the commit: a failed send rolls the anchor back and the next run tries again
                relay.publish(EventEnvelope.of(UUID.nameUUIDFromBytes(("anchor:" + anchor.anchorId()).getBytes()),
                        null, 0, now, new Actor(service, InstitutionType.OPERATIONS, "system"), null, null, anchor));
                c.commit();
                LOG.infof("chain-anchor service=%s aggregates=%d events=%d digest=%s trigger=%s", service,
                        anchor.aggregates(), anchor.events(), anchor.digest(), trigger);
                return anchor;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
