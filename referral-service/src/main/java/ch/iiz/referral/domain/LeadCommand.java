package ch.iiz.referral.domain;

import ch.iiz.events.cases.CaseEvent;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** What can be asked of a case's lead. {@code by} is the acting institution from the caller's token. */
public sealed interface LeadCommand {

    /** A case event arrived: update the facts and apply the cooperation model's automatic rules. */
    record ObserveCaseEvent(UUID eventId, CaseEvent event, LocalDate occurredOn) implements LeadCommand {
    }

    /**
     * Several events of the case arrived together (one poll of the case topic), in their order: decided as if they
     * came one by one, so the lead is loaded and appended once for all of them.
     */
    record ObserveCaseEvents(List<ObserveCaseEvent> events) implements LeadCommand {
        public ObserveCaseEvents {
            events = List.copyOf(events);
        }
    }

    /** A handover lasts at most this many months in total, extensions included, unless configured otherwise. */
    int DEFAULT_MAX_HANDOVER_MONTHS = 12;

    /** @param maxMonths how long a handover may last in total ({@code iiz.referral.max-handover-months}) */
    record ProposeHandover(String by, String handoverId, String toInstitutionId, String reason, LocalDate proposedOn,
                           LocalDate answerDueOn, LocalDate plannedEndOn, int maxMonths) implements LeadCommand {
        public ProposeHandover(String by, String handoverId, String toInstitutionId, String reason,
                               LocalDate proposedOn, LocalDate answerDueOn, LocalDate plannedEndOn) {
            this(by, handoverId, toInstitutionId, reason, proposedOn, answerDueOn, plannedEndOn,
                    DEFAULT_MAX_HANDOVER_MONTHS);
        }
    }

    record AcceptHandover(String by, String handoverId, LocalDate acceptedOn) implements LeadCommand {
    }

    record DeclineHandover(String by, String handoverId, String reason, LocalDate declinedOn) implements LeadCommand {
    }

    record WithdrawHandover(String by, String handoverId, String reason, LocalDate withdrawnOn) implements LeadCommand {
    }

    record ExtendHandover(String by, String handoverId, LocalDate newLeadUntil, LocalDate extendedOn, int maxMonths)
            implements LeadCommand {
        public ExtendHandover(String by, String handoverId, LocalDate newLeadUntil, LocalDate extendedOn) {
            this(by, handoverId, newLeadUntil, extendedOn, DEFAULT_MAX_HANDOVER_MONTHS);
        }
    }

    /** OPTIMA: the commissioning institution takes the lead back before the handover's end. */
    record RecallHandover(String by, String handoverId, LocalDate recalledOn) implements LeadCommand {
    }

    /** Time passed: unanswered proposals past their deadline are declined, expired handovers end. */
    record ExpireDue(LocalDate today) implements LeadCommand {
    }

    /** Hessen: a refugee labour-market office routes the person to the competent institution. */
    record RouteClient(String by, String routingId, String toInstitutionId, LocalDate routedOn) implements LeadCommand {
    }

    /** Hessen: a youth employment agency case led jointly, one partner coordinating. */
    record FormYouthAgency(String by, String coordinatingInstitutionId, List<String> coLeadInstitutionIds,
                           LocalDate effectiveOn) implements LeadCommand {
    }
}
