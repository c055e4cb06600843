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
 * Closes months automatically some days after they end (configurable), oldest first, for every creditor with charges
 * not yet invoiced; a creditor may close earlier by hand.
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
        LocalDate today = LocalDate.now(clock);
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

    /** (creditor, month) pairs with open charges whose month ended more than the grace days ago, oldest first. */
    private List<String[]> due(LocalDate today) {
        List<String[]> result = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select distinct creditor_id, billing_month from charge
                where invoice_id is null order by billing_month, creditor_id""");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                YearMonth month = YearMonth.parse(rs.getString(2));
                if (today.isAfter(month.atEndOfMonth().plusDays(graceDays))) {
                    result.add(new String[]{rs.getString(1), rs.getString(2)});
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return result;
    }
}
