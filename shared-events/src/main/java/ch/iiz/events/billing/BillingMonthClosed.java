package ch.iiz.events.billing;

import ch.iiz.events.EventEnvelope;
import ch.iiz.events.EventType;
import ch.iiz.events.Nullable;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Map;

/**
 * The billing institution closed a month: its invoices are issued and never change afterwards.
 *
 * @param inputPositions for each input topic partition ("topic-partition"), the offset of the next record billing had
 *                       not yet applied when it closed; a rebuild from offset zero applies the close at the same point
 */
@EventType(name = "BillingMonthClosed", summary = "A billing institution closed a calendar month.")
public record BillingMonthClosed(String creditorId, YearMonth month, LocalDate closedOn, boolean automatic,
                                 @Nullable Map<String, Long> inputPositions)
        implements BillingEvent, EventEnvelope.Keyed {
    @Override
    public String partitionKey() {
        return creditorId + "/" + month;
    }
}
