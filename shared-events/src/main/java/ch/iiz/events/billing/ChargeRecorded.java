package ch.iiz.events.billing;

import ch.iiz.events.EventType;
import ch.iiz.events.Nullable;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;

/**
 * A charge entered the ledger: {@code creditorId} bills {@code debtorId} exactly {@code amountChf}
 * (= quantity × unit price) for the period, in the calendar month {@code billingMonth}.
 *
 * @param sourceEventIds the case and referral events the charge comes from
 * @param correctsChargeId the charge this one corrects, for a correction
 */
@EventType(name = "ChargeRecorded", summary = "A charge entered the billing ledger, traced to the events that caused it.")
public record ChargeRecorded(String chargeId, String caseId, ChargeKind kind, String creditorId, String debtorId,
                             LocalDate periodFrom, LocalDate periodTo, BigDecimal quantity, BigDecimal unitPriceChf,
                             BigDecimal amountChf, YearMonth billingMonth, List<UUID> sourceEventIds,
                             @Nullable String correctsChargeId) implements BillingEvent {
}
