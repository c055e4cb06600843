package ch.iiz.events.billing;

import ch.iiz.events.IntegrationEvent;

/** Everything published on {@code iiz.billing.events}: billing-service's append-only ledger. */
public sealed interface BillingEvent extends IntegrationEvent permits
        ChargeRecorded, BillingMonthClosed, InvoiceIssued, CreditNoteIssued {
}
