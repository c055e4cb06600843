package ch.iiz.reporting.audit;

import ch.iiz.events.EventEnvelope;
import ch.iiz.events.IntegrationEvent;
import ch.iiz.events.audit.AuditEvent;
import ch.iiz.events.audit.ChainAnchored;
import ch.iiz.events.billing.BillingEvent;
import ch.iiz.events.billing.BillingMonthClosed;
import ch.iiz.events.billing.ChargeRecorded;
import ch.iiz.events.billing.CreditNoteIssued;
import ch.iiz.events.billing.InvoiceIssued;
import ch.iiz.events.cases.*;
import ch.iiz.events.placement.CourseAnnounced;
import ch.iiz.events.placement.CourseCancelled;
import ch.iiz.events.placement.CourseConfirmed;
import ch.iiz.events.placement.PlacementEvent;
import ch.iiz.events.placement.SeatReleased;
import ch.iiz.events.placement.SeatReserved;
import ch.iiz.events.placement.VacancyOutcomeRecorded;
import ch.iiz.events.placement.VacancyProposed;
import ch.iiz.events.placement.VacancyRecorded;
import ch.iiz.events.referral.ClientRouted;
import ch.iiz.events.referral.LeadDecided;
import ch.iiz.events.referral.LeadHandoverAccepted;
import ch.iiz.events.referral.LeadHandoverCancelled;
import ch.iiz.events.referral.LeadHandoverDeclined;
import ch.iiz.events.referral.LeadHandoverEnded;
import ch.iiz.events.referral.LeadHandoverExtended;
import ch.iiz.events.referral.LeadHandoverProposed;
import ch.iiz.events.referral.LeadHandoverWithdrawn;
import ch.iiz.events.referral.ReferralEvent;
import ch.iiz.events.registry.InstitutionEvent;
import ch.iiz.events.registry.InstitutionRegistered;
import ch.iiz.service.time.ClockProducer;

import java.time.LocalDate;

/**
 * The business date of every event (DOMAIN.md "Dates"): the day the fact happened, as its payload says, beside the
 * instant it was recorded ({@link EventEnvelope#occurredAt()}). One place names it for every event type of every
 * topic root.
 *
 * <p>The build targets Java 17, where a {@code switch} over a sealed type with type patterns is only a preview
 * feature, so the compiler cannot check exhaustiveness here. Each sealed root therefore has its own method ending in
 * a throw that names the missing type, and {@code BusinessDateTest} builds one instance of every type in
 * {@link ch.iiz.events.EventCatalog} and fails until each has its date. With Java 21 each method becomes a
 * {@code switch (event) { case CaseOpened e -> e.openedOn(); ... }} without a default.
 */
public final class BusinessDate {

    private BusinessDate() {
    }

    /** The business date of the envelope's payload; an event without one (registry entries) takes its record day. */
    public static LocalDate of(EventEnvelope<? extends IntegrationEvent> envelope) {
        LocalDate date = of(envelope.payload());
        return date != null ? date : envelope.occurredAt().atZone(ClockProducer.BUSINESS_ZONE).toLocalDate();
    }

    /** The day the fact happened; null only for events that state no day (an institution's registry entry). */
    public static LocalDate of(IntegrationEvent event) {
        if (event instanceof CaseEvent e) {
            return ofCase(e);
        }
        if (event instanceof ReferralEvent e) {
            return ofReferral(e);
        }
        if (event instanceof BillingEvent e) {
            return ofBilling(e);
        }
        if (event instanceof InstitutionEvent e) {
            return ofRegistry(e);
        }
        if (event instanceof AuditEvent e) {
            return ofAudit(e);
        }
        if (event instanceof PlacementEvent e) {
            return ofPlacement(e);
        }
        throw missing(event);
    }

    static LocalDate ofCase(CaseEvent event) {
        if (event instanceof CaseOpened e) return e.openedOn();
        if (event instanceof ParticipantAdded e) return e.addedOn();
        if (event instanceof ParticipantRemoved e) return e.removedOn();
        if (event instanceof EntitlementRecorded e) return e.validFrom();
        if (event instanceof EntitlementEnded e) return e.endedOn();
        if (event instanceof ConsentRecorded e) return e.givenOn();
        if (event instanceof ConsentRevoked e) return e.revokedOn();
        if (event instanceof AmiplusMandateIssued e) return e.issuedOn();
        if (event instanceof AmiplusMandateRefused e) return e.refusedOn();
        if (event instanceof ExclusionCriterionReported e) return e.reportedOn();
        if (event instanceof AmiplusPhaseStarted e) return e.startedOn();
        if (event instanceof AmiplusPhaseEnded e) return e.endedOn();
        if (event instanceof AmiplusContinuationDecided e) return e.decidedOn();
        if (event instanceof AmiplusPhaseExtended e) return e.decidedOn();
        if (event instanceof IntegrationPlanAgreed e) return e.agreedOn();
        if (event instanceof ReportSubmitted e) return e.submittedOn();
        if (event instanceof MeasureProposed e) return e.proposedOn();
        if (event instanceof MeasureCostApproved e) return e.approvedOn();
        if (event instanceof MeasureCostRefused e) return e.refusedOn();
        if (event instanceof MeasureStarted e) return e.startedOn();
        if (event instanceof MeasureCompleted e) return e.completedOn();
        if (event instanceof MeasureCancelled e) return e.cancelledOn();
        if (event instanceof CaseLeadChanged e) return e.effectiveOn();
        if (event instanceof CaseAborted e) return e.abortedOn();
        if (event instanceof CaseClosed e) return e.closedOn();
        if (event instanceof PersonalDataErased e) return e.erasedOn();
        throw missing(event);
    }

    static LocalDate ofReferral(ReferralEvent event) {
        if (event instanceof LeadHandoverProposed e) return e.proposedOn();
        if (event instanceof LeadHandoverAccepted e) return e.acceptedOn();
        if (event instanceof LeadHandoverDeclined e) return e.declinedOn();
        if (event instanceof LeadHandoverWithdrawn e) return e.withdrawnOn();
        if (event instanceof LeadHandoverExtended e) return e.extendedOn();
        if (event instanceof LeadHandoverEnded e) return e.lastLeadDay();
        if (event instanceof LeadHandoverCancelled e) return e.cancelledOn();
        if (event instanceof ClientRouted e) return e.routedOn();
        if (event instanceof LeadDecided e) return e.effectiveOn();
        throw missing(event);
    }

    /** A charge counts from the first day of the period it charges for. */
    static LocalDate ofBilling(BillingEvent event) {
        if (event instanceof ChargeRecorded e) return e.periodFrom();
        if (event instanceof BillingMonthClosed e) return e.closedOn();
        if (event instanceof InvoiceIssued e) return e.issuedOn();
        if (event instanceof CreditNoteIssued e) return e.issuedOn();
        throw missing(event);
    }

    /** A registry entry states no day: it is in force from when it was recorded. */
    static LocalDate ofRegistry(InstitutionEvent event) {
        if (event instanceof InstitutionRegistered) return null;
        throw missing(event);
    }

    /** A course's announcement and decision, a seat's reservation and release, a vacancy's proposal and outcome. */
    static LocalDate ofPlacement(PlacementEvent event) {
        if (event instanceof CourseAnnounced e) return e.announcedOn();
        if (event instanceof SeatReserved e) return e.reservedOn();
        if (event instanceof SeatReleased e) return e.releasedOn();
        if (event instanceof CourseConfirmed e) return e.decisionDate();
        if (event instanceof CourseCancelled e) return e.decisionDate();
        if (event instanceof VacancyRecorded e) return e.recordedOn();
        if (event instanceof VacancyProposed e) return e.proposedOn();
        if (event instanceof VacancyOutcomeRecorded e) return e.outcomeDate();
        throw missing(event);
    }

    static LocalDate ofAudit(AuditEvent event) {
        if (event instanceof ChainAnchored e) return e.anchoredOn();
        throw missing(event);
    }

    private static IllegalStateException missing(IntegrationEvent event) {
        return new IllegalStateException("no business date defined for " + event.getClass().getName()
                + " (add it to BusinessDate)");
    }
}
