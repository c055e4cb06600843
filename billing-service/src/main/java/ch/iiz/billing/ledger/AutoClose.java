package ch.iiz.billing.ledger;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * Closes months by themselves some days after they end (configurable), oldest first, for every creditor with running
 * work (a phase or lead month not yet charged to its end) or charges not yet invoiced: each such creditor gets, for each
 * ended month after its last closed one, an invoice of everything that ran in it, without anyone closing by hand. A
 * creditor may close earlier itself. Several instances may run this at once: the engine's close takes a lock per
 * creditor and the (creditor, month) key, so each month closes once.
 */
@ApplicationScoped
public class AutoClose {

    private static final Logger LOG = Logger.getLogger(AutoClose.class);

    @Inject
    BillingEngine engine;
    @Inject
    DataSource dataSource;
    @Inject
    Clock clock;
    @ConfigProperty(name = "iiz.billing.auto-close-after-days", defaultValue = "5")
    int graceDays;

    @Scheduled(every = "${iiz.billing.auto-close-every:1h}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        runOnce();
    }

    public int runOnce() {
        return runOnce(LocalDate.now(clock));
    }

    /** Closes what is due on {@code today}; returns how many months it closed. */
    public int runOnce(LocalDate today) {
        int closed = 0;
        for (String[] due : due(today)) {
            try {
                engine.closeMonth(due[0], YearMonth.parse(due[1]), today, true, BillingEngine.SYSTEM);
                closed++;
            } catch (BillingEngine.CloseRefused e) {
                LOG.debugf("not closing %s %s: %s", due[0], due[1], e.getMessage());
            }
        }
        return closed;
    }

    /** (creditor, month) pairs due on {@code today}: months ended more than the grace days ago, oldest first. */
    List<String[]> due(LocalDate today) {
        YearMonth lastDue = YearMonth.from(today).minusMonths(1);
        while (!today.isAfter(lastDue.atEndOfMonth().plusDays(graceDays))) {
            lastDue = lastDue.minusMonths(1);
        }
        List<String[]> result = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                with creditors as (
                  select distinct unnest(running) as creditor_id from account
                  union select distinct creditor_id from charge where invoice_id is null)
                select cr.creditor_id,
                       (select max(month) from billing_month b where b.creditor_id = cr.creditor_id) as last_closed,
                       (select min(billing_month) from charge ch where ch.creditor_id = cr.creditor_id) as first_charged
                from creditors cr order by cr.creditor_id""");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String creditor = rs.getString(1);
                YearMonth from = rs.getString(2) != null ? YearMonth.parse(rs.getString(2)).plusMonths(1)
                        : rs.getString(3) != null ? YearMonth.parse(rs.getString(3)) : lastDue;
                for (YearMonth m = from; !m.isAfter(lastDue); m = m.plusMonths(1)) {
                    result.add(new String[]{creditor, m.toString()});
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        result.sort(java.util.Comparator.comparing((String[] r) -> r[1]).thenComparing(r -> r[0]));
        return result;
    }
}
