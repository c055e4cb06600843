package ch.iiz.billing.api;

import ch.iiz.billing.account.AccountRules;
import ch.iiz.billing.account.CaseAccount;
import ch.iiz.billing.account.Charge;
import ch.iiz.billing.payment.PaymentBook;
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
                          String originalInvoiceId, List<InvoiceLine> lines, BigDecimal paidChf, BigDecimal openChf,
                          List<PaymentBook.Payment> payments) {
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
    @Inject
    PaymentBook paymentBook;

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
                    List<PaymentBook.Payment> payments = paymentBook.ofInvoice(invoiceId);
                    BigDecimal paid = payments.stream().map(PaymentBook.Payment::amountChf)
                            .reduce(new BigDecimal("0.00"), BigDecimal::add);
                    BigDecimal total = rs.getBigDecimal(9);
                    BigDecimal open = "INVOICE".equals(rs.getString(2)) ? total.subtract(paid) : new BigDecimal("0.00");
                    return new Invoice(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getObject(6, LocalDate.class), rs.getBigDecimal(7), rs.getBigDecimal(8),
                            total, rs.getString(10),
                            json.readValue(rs.getString(11), new TypeReference<List<InvoiceLine>>() {
                            }), paid, open, payments);
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

    /**
     * A statement for {@code debtor} over the months {@code from}..{@code to} as CSV: every invoice and credit note
     * (issued by the caller only, unless the caller is the debtor or an auditor), every payment on them, and totals.
     */
    public String statement(Caller caller, String debtor, java.time.YearMonth from, java.time.YearMonth to) {
        boolean ownOnly = access.requireInvoiceList(caller);
        boolean creditorView = ownOnly && !debtor.equals(caller.institutionId());
        String sql = "select invoice_id, kind, creditor_id, month, issued_on, total_chf, reference_no from invoice "
                + "where debtor_id = ? and month >= ? and month <= ?" + (creditorView ? " and creditor_id = ?" : "")
                + " order by month, issued_on, invoice_id";
        StringBuilder out = new StringBuilder("date;type;document;creditor;debtor;month;reference;amount_chf;balance_chf\n");
        BigDecimal invoiced = new BigDecimal("0.00");
        BigDecimal credited = new BigDecimal("0.00");
        BigDecimal paid = new BigDecimal("0.00");
        BigDecimal balance = new BigDecimal("0.00");
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, debtor);
            ps.setString(2, from.toString());
            ps.setString(3, to.toString());
            if (creditorView) {
                ps.setString(4, caller.institutionId());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    boolean credit = "CREDIT_NOTE".equals(rs.getString(2));
                    BigDecimal total = rs.getBigDecimal(6);
                    if (credit) {
                        credited = credited.add(total);
                    } else {
                        invoiced = invoiced.add(total);
                    }
                    balance = balance.add(total);
                    out.append(String.join(";", rs.getObject(5, LocalDate.class).toString(), rs.getString(2), id,
                            rs.getString(3), debtor, rs.getString(4), rs.getString(7) == null ? "" : rs.getString(7),
                            total.toPlainString(), balance.toPlainString())).append('\n');
                    for (PaymentBook.Payment p : paymentBook.ofInvoice(id)) {
                        paid = paid.add(p.amountChf());
                        balance = balance.subtract(p.amountChf());
                        out.append(String.join(";", p.bookedOn() == null ? "" : p.bookedOn().toString(), "PAYMENT", id,
                                rs.getString(3), debtor, rs.getString(4), p.reference() == null ? "" : p.reference(),
                                p.amountChf().negate().toPlainString(), balance.toPlainString())).append('\n');
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        out.append(String.join(";", "", "TOTAL_INVOICED", "", "", debtor, "", "", invoiced.toPlainString(), "")).append('\n');
        out.append(String.join(";", "", "TOTAL_CREDITED", "", "", debtor, "", "", credited.toPlainString(), "")).append('\n');
        out.append(String.join(";", "", "TOTAL_PAID", "", "", debtor, "", "", paid.negate().toPlainString(), "")).append('\n');
        out.append(String.join(";", "", "BALANCE_OPEN", "", "", debtor, "", "", balance.toPlainString(), "")).append('\n');
        return out.toString();
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
