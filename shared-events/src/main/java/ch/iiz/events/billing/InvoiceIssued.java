package ch.iiz.events.billing;

import ch.iiz.events.EventEnvelope;
import ch.iiz.events.EventType;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

/**
 * An invoice per debtor and calendar month. {@code netTotalChf} is the exact sum of the lines; {@code totalChf}
 * is rounded to 5 Rappen, the difference shown as {@code roundingChf}. Never changes once issued.
 */
@EventType(name = "InvoiceIssued", summary = "An invoice for one debtor and calendar month was issued.")
public record InvoiceIssued(String invoiceId, String creditorId, String debtorId, YearMonth month, LocalDate issuedOn,
                            List<InvoiceLine> lines, BigDecimal netTotalChf, BigDecimal roundingChf,
                            BigDecimal totalChf) implements BillingEvent, EventEnvelope.Keyed {
    @Override
    public String partitionKey() {
        return invoiceId;
    }
}
