package ch.iiz.billing.api;

import ch.iiz.billing.account.AccountRules;
import ch.iiz.billing.account.CaseAccount;
import ch.iiz.billing.account.Charge;
import ch.iiz.events.billing.InvoiceLine;
import ch.iiz.events.codec.EventCodec;
import ch.iiz.service.access.Access;
import ch.iiz.service.security.Caller;
import ch.iiz.service.web.ProblemException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Reads of invoices and charges, scoped: debtors and creditors see their own, auditors everything. */
@ApplicationScoped
public class BillingQueries {

    private final ObjectMapper json = new EventCodec().mapper();

    public record Invoice(String invoiceId, String kind, String creditorId, String debtorId, String month,
                          LocalDate issuedOn, BigDecimal netChf, BigDecimal roundingChf, BigDecimal totalChf,
                          String originalInvoiceId, List<InvoiceLine> lines) {
    }

    public record InvoiceSummary(String invoiceId, String kind, String creditorId, String debtorId, String month,
                                 LocalDate issuedOn, BigDecimal totalChf) {
    }

    public record Preview(String caseId, LocalDate asOf, List<Charge> charged, List<Charge> accruedToDate,
                          BigDecimal totalChf) {
    }

    @Inject
    DataSource dataSource;
    @Inject
    Access access;

    /** The invoices the caller issued or received (auditors: all), optionally of one month. */
    public List<InvoiceSummary> list(Caller caller, String month) {
        boolean ownOnly = access.requireInvoiceList(caller);
        StringBuilder sql = new StringBuilder("select invoice_id, kind, creditor_id, debtor_id, month, issued_on, total_chf "
                + "from invoice where true");
        List<Object> args = new ArrayList<>();
        if (ownOnly) {
            sql.append(" and (debtor_id = ? or creditor_id = ?)");
            args.add(caller.institutionId());
            args.add(caller.institutionId());
        }
        if (month != null) {
            sql.append(" and month = ?");
            args.add(month);
        }
        sql.append(" order by month desc, invoice_id");
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            List<InvoiceSummary> result = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(new InvoiceSummary(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getObject(6, LocalDate.class), rs.getBigDecimal(7)));
                }
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public Invoice invoice(Caller caller, String invoiceId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select invoice_id, kind, creditor_id, debtor_id, month, issued_on, net_chf, rounding_chf, total_chf,
                       original_invoice_id, lines from invoice where invoice_id = ?""")) {
            ps.setString(1, invoiceId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    access.requireInvoice(caller, invoiceId, rs.getString(3), rs.getString(4));
                    return new Invoice(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getObject(6, LocalDate.class), rs.getBigDecimal(7), rs.getBigDecimal(8),
                            rs.getBigDecimal(9), rs.getString(10),
                            json.readValue(rs.getString(11), new TypeReference<List<InvoiceLine>>() {
                            }));
                }
            }
        } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        access.requireInvoice(caller, invoiceId, null, null); // 403 for operations, else 404
        throw ProblemException.notFound("no invoice " + invoiceId + " that you issued or received");
    }

    /** What the case has cost so far, and what running phases and lead months would add up to {@code asOf}. */
    public Preview preview(Caller caller, String caseId, LocalDate asOf) {
        access.requireRead(caller, caseId);
        CaseAccount account;
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select state from account where case_id = ?")) {
            ps.setString(1, caseId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw ProblemException.notFound("no case " + caseId + " that you take part in");
                }
                account = json.readValue(rs.getString(1), CaseAccount.class);
            }
        } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        List<Charge> charged = charges(caseId);
        Set<String> creditors = new LinkedHashSet<>();
        if (account.amiplusCreditor != null) {
            creditors.add(account.amiplusCreditor);
        }
        account.leads.values().forEach(l -> creditors.add(l.leadInstitution()));
        List<Charge> accrued = new ArrayList<>();
        for (String creditor : creditors) {
            accrued.addAll(AccountRules.accrue(account, creditor, asOf)); // on this copy only: nothing is written
        }
        BigDecimal total = new BigDecimal("0.00");
        for (Charge ch : charged) {
            total = total.add(ch.amountChf());
        }
        for (Charge ch : accrued) {
            total = total.add(ch.amountChf());
        }
        return new Preview(caseId, asOf, charged, accrued, total);
    }

    /** Whether the institution bills anything: it leads under a handover or is an AMIplus mandate's RAV. */
    public boolean isCreditor(String institutionId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select exists (select 1 from account where ? = any(creditors))"
                        + " or exists (select 1 from charge where creditor_id = ?)")) {
            ps.setString(1, institutionId);
            ps.setString(2, institutionId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Charge> charges(String caseId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select charge_id, case_id, kind, creditor_id, debtor_id, period_from, period_to, quantity, unit_price_chf,
                       amount_chf, billing_month, source_event_ids, corrects_charge_id
                from charge where case_id = ? order by period_from, charge_id""")) {
            ps.setString(1, caseId);
            List<Charge> result = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(new Charge(rs.getString(1), rs.getString(2),
                            ch.iiz.events.billing.ChargeKind.valueOf(rs.getString(3)), rs.getString(4), rs.getString(5),
                            rs.getObject(6, LocalDate.class), rs.getObject(7, LocalDate.class), rs.getBigDecimal(8),
                            rs.getBigDecimal(9), rs.getBigDecimal(10), java.time.YearMonth.parse(rs.getString(11)),
                            java.util.Arrays.stream(rs.getString(12).split(",")).filter(s -> !s.isBlank())
                                    .map(java.util.UUID::fromString).toList(), rs.getString(13)));
                }
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
