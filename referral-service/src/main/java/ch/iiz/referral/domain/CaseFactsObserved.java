package ch.iiz.referral.domain;

import java.util.UUID;

/**
 * Internal event (never published): the facts of the case after one case event. Stored so that the lead's stream
 * alone explains every decision, and so a replay decides nothing twice.
 */
public record CaseFactsObserved(UUID caseEventId, CaseFacts facts) {
}
