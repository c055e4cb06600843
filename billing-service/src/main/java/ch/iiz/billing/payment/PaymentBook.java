package ch.iiz.billing.payment;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Payments received: credits of camt.054 files matched to the importing creditor's invoices by their reference,
 * recorded once per credit key; credits no invoice matches are kept as unmatched, never dropped.
 */
@ApplicationScoped
public class PaymentBook {

    public record Payment(String paymentId, String invoiceId, String reference, BigDecimal amountChf, String currency,
                          LocalDate bookedOn, String debtorName) {
    }

    public record Imported(int credits, int recorded, int alreadyRecorded, int matched, int unmatched,
                           List<Payment> payments) {
    }

    @Inject
    DataSource dataSource;

    public PaymentBook() {
    }

    public PaymentBook(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Invoices issued before references were kept get theirs (derived from the id, so the same as if kept). */
    void backfillReferences(@Observes StartupEvent event) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement select = c.prepareStatement("select invoice_id from invoice where reference_no is null");
             PreparedStatement update = c.prepareStatement("update invoice set reference_no = ? where invoice_id = ?")) {
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    update.setString(1, PaymentReference.numberOf(rs.getString(1)));
                    update.setString(2, rs.getString(1));
                    update.addBatch();
                }
            }
            update.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Records the credits for {@code creditor} in one transaction; a credit recorded before is left as it is. */
    public Imported importCredits(String creditor, List<Camt054.Credit> credits, String fileName) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int recorded = 0;
                int again = 0;
                int matched = 0;
                int unmatched = 0;
                List<Payment> payments = new ArrayList<>();
                for (Camt054.Credit credit : credits) {
                    String invoiceId = "CHF".equals(credit.currency()) ? match(c, creditor, credit.reference()) : null;
                    try (PreparedStatement ps = c.prepareStatement("""
                            insert into payment (payment_id, creditor_id, invoice_id, reference, amount_chf, currency,
                              booked_on, debtor_name, file_name) values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                            on conflict (payment_id) do nothing""")) {
                        ps.setString(1, credit.key());
                        ps.setString(2, creditor);
                        ps.setString(3, invoiceId);
                        ps.setString(4, credit.reference());
                        ps.setBigDecimal(5, credit.amount());
                        ps.setString(6, credit.currency());
                        ps.setObject(7, credit.bookedOn());
                        ps.setString(8, credit.debtorName());
                        ps.setString(9, fileName);
                        if (ps.executeUpdate() == 0) {
                            again++;
                            continue;
                        }
                    }
                    recorded++;
                    if (invoiceId != null) {
                        matched++;
                    } else {
                        unmatched++;
                    }
                    payments.add(new Payment(credit.key(), invoiceId, credit.reference(), credit.amount(),
                            credit.currency(), credit.bookedOn(), credit.debtorName()));
                }
                c.commit();
                return new Imported(credits.size(), recorded, again, matched, unmatched, payments);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The invoice of {@code creditor} the reference names, if any. */
    private static String match(Connection c, String creditor, String reference) throws SQLException {
        Optional<String> number = PaymentReference.parse(reference);
        if (number.isEmpty()) {
            return null;
        }
        try (PreparedStatement ps = c.prepareStatement("select invoice_id from invoice where reference_no = ? "
                + "and creditor_id = ? and kind = 'INVOICE'")) {
            ps.setString(1, number.get());
            ps.setString(2, creditor);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    public List<Payment> ofInvoice(String invoiceId) {
        return query("where invoice_id = ? order by booked_on, payment_id", invoiceId);
    }

    /** Unmatched credits imported by {@code creditor}; all of them for null (auditors). */
    public List<Payment> unmatched(String creditor) {
        return creditor == null ? query("where invoice_id is null order by booked_on, payment_id")
                : query("where invoice_id is null and creditor_id = ? order by booked_on, payment_id", creditor);
    }

    private List<Payment> query(String where, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select payment_id, invoice_id, reference, amount_chf, currency, booked_on, debtor_name from payment "
                        + where)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            List<Payment> result = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(new Payment(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBigDecimal(4),
                            rs.getString(5), rs.getObject(6, LocalDate.class), rs.getString(7)));
                }
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
