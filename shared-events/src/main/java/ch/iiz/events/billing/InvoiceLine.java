package ch.iiz.events.billing;

import ch.iiz.events.Nullable;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * One line of an invoice or credit note: the case, the period, the amount and the events it comes from.
 *
 * @param correctsInvoiceId for a correction of a closed month, the invoice it corrects
 */
public record InvoiceLine(int lineNo, String chargeId, String caseId, ChargeKind kind, LocalDate periodFrom,
                          LocalDate periodTo, BigDecimal quantity, BigDecimal unitPriceChf, BigDecimal amountChf,
                          List<UUID> sourceEventIds, @Nullable String correctsInvoiceId) {
}
