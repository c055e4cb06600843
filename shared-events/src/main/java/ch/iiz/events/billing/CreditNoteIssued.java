package ch.iiz.events.billing;

import ch.iiz.events.EventEnvelope;
import ch.iiz.events.EventType;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

/** A credit note correcting an issued invoice when the corrections of a month add up to a refund. */
@EventType(name = "CreditNoteIssued", summary = "A credit note correcting an issued invoice.")
public record CreditNoteIssued(String creditNoteId, String originalInvoiceId, String creditorId, String debtorId,
                               YearMonth month, LocalDate issuedOn, List<InvoiceLine> lines,
                               BigDecimal netTotalChf, BigDecimal roundingChf, BigDecimal totalChf)
        implements BillingEvent, EventEnvelope.Keyed {
    @Override
    public String partitionKey() {
        return creditNoteId;
    }
}
