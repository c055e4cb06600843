package ch.iiz.events.billing;

import ch.iiz.events.EventEnvelope;
import ch.iiz.events.EventType;

import java.time.LocalDate;
import java.time.YearMonth;

/** The billing institution closed a month: its invoices are issued and never change afterwards. */
@EventType(name = "BillingMonthClosed", summary = "A billing institution closed a calendar month.")
public record BillingMonthClosed(String creditorId, YearMonth month, LocalDate closedOn, boolean automatic)
        implements BillingEvent, EventEnvelope.Keyed {
    @Override
    public String partitionKey() {
        return creditorId + "/" + month;
    }
}
