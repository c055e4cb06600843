package ch.iiz.axon;

import jakarta.transaction.TransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the event store's reader is woken, with Narayana's own JTA transaction manager (the one Quarkus runs): once per
 * transaction and only after it committed, since nothing a joined unit of work appended is visible before.
 */
class CommitWakeUpTest {

    private static TransactionManager jta;
    private final AtomicInteger wakes = new AtomicInteger();

    @BeforeAll
    static void narayana() {
        System.setProperty("com.arjuna.ats.arjuna.objectstore.objectStoreDir",
                Path.of("target", "narayana-store").toAbsolutePath().toString());
        System.setProperty("ObjectStoreEnvironmentBean.objectStoreDir",
                Path.of("target", "narayana-store").toAbsolutePath().toString());
        jta = com.arjuna.ats.jta.TransactionManager.transactionManager();
    }

    @AfterEach
    void noTransactionLeft() throws Exception {
        if (jta.getTransaction() != null) {
            jta.rollback();
        }
    }

    @Test
    void without_a_transaction_it_wakes_at_once() {
        CommitWakeUp wakeUp = new CommitWakeUp(jta);
        wakeUp.afterCommit(wakes::incrementAndGet);
        wakeUp.afterCommit(wakes::incrementAndGet);
        assertThat(wakes).hasValue(2);
    }

    @Test
    void in_a_transaction_it_wakes_once_after_the_commit_however_many_units_of_work_it_held() throws Exception {
        CommitWakeUp wakeUp = new CommitWakeUp(jta);
        jta.begin();
        wakeUp.afterCommit(wakes::incrementAndGet);
        wakeUp.afterCommit(wakes::incrementAndGet);
        wakeUp.afterCommit(wakes::incrementAndGet);
        assertThat(wakes).as("nothing is visible before the commit").hasValue(0);
        jta.commit();
        assertThat(wakes).hasValue(1);

        jta.begin(); // the next transaction wakes again
        wakeUp.afterCommit(wakes::incrementAndGet);
        jta.commit();
        assertThat(wakes).hasValue(2);
    }

    @Test
    void a_rolled_back_transaction_does_not_wake_it() throws Exception {
        CommitWakeUp wakeUp = new CommitWakeUp(jta);
        jta.begin();
        wakeUp.afterCommit(wakes::incrementAndGet);
        jta.rollback();
        assertThat(wakes).hasValue(0);

        jta.begin();
        wakeUp.afterCommit(wakes::incrementAndGet);
        jta.commit();
        assertThat(wakes).hasValue(1);
    }

    @Test
    void a_tailing_stream_gets_an_event_appended_in_a_joined_transaction_after_the_commit_not_before() throws Exception {
        // a fetch delay of an hour: only a wake-up delivers the event
        JtaEmbeddedEventStore store = new JtaEmbeddedEventStore(EmbeddedEventStore.builder()
                .storageEngine(new InMemoryEventStorageEngine())
                .fetchDelay(TimeUnit.HOURS.toMillis(1)), jta);
        try (BlockingStream<TrackedEventMessage<?>> stream = store.openStream(null)) {
            assertThat(stream.hasNextAvailable(200, TimeUnit.MILLISECONDS)).isFalse(); // now tailing, reader started

            jta.begin();
            DefaultUnitOfWork.startAndGet(null).execute(() -> store.publish(
                    new GenericDomainEventMessage<>("Case", "case-1", 0, "opened")));
            // the in-memory storage shows the event at once; the reader is not woken before the commit
            assertThat(stream.hasNextAvailable(500, TimeUnit.MILLISECONDS)).isFalse();
            jta.commit();

            assertThat(stream.hasNextAvailable(30, TimeUnit.SECONDS)).isTrue();
            assertThat(stream.nextAvailable().getPayload()).isEqualTo("opened");
        } finally {
            store.shutDown();
        }
    }
}
