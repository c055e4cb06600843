package ch.iiz.billing.account;

import ch.iiz.billing.tariff.ChargeLine;
import ch.iiz.events.billing.ChargeKind;
import ch.iiz.events.billing.ChargeRecorded;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;

/**
 * A charge of one case, with the parties and the events it comes from. Its id is derived from what it charges, so a
 * rebuild from the topics produces the same ids.
 */
public record Charge(String chargeId, String caseId, ChargeKind kind, String creditorId, String debtorId,
                     LocalDate periodFrom, LocalDate periodTo, BigDecimal quantity, BigDecimal unitPriceChf,
                     BigDecimal amountChf, YearMonth billingMonth, List<UUID> sourceEventIds, String correctsChargeId) {

    static Charge of(String caseId, String creditor, String debtor, ChargeLine line, List<UUID> sources, String tag) {
        String id = "ch-" + caseId + "-" + line.kind().name().toLowerCase() + "-" + tag + "-" + line.periodFrom() + "-"
                + line.periodTo();
        return new Charge(id, caseId, line.kind(), creditor, debtor, line.periodFrom(), line.periodTo(), line.quantity(),
                line.unitPriceChf(), line.amountChf(), line.billingMonth(), List.copyOf(sources), null);
    }

    /** The reversal of part of an earlier charge, e.g. days billed for a phase that turned out to have ended sooner. */
    static Charge correction(Charge original, ChargeLine reversal, List<UUID> sources) {
        String id = original.chargeId() + "-corr-" + reversal.periodFrom() + "-" + reversal.periodTo();
        return new Charge(id, original.caseId(), ChargeKind.CORRECTION, original.creditorId(), original.debtorId(),
                reversal.periodFrom(), reversal.periodTo(), reversal.quantity().negate(), reversal.unitPriceChf(),
                reversal.amountChf().negate(), reversal.billingMonth(), List.copyOf(sources), original.chargeId());
    }

    public ChargeRecorded toEvent() {
        return new ChargeRecorded(chargeId, caseId, kind, creditorId, debtorId, periodFrom, periodTo, quantity,
                unitPriceChf, amountChf, billingMonth, sourceEventIds, correctsChargeId);
    }
}
