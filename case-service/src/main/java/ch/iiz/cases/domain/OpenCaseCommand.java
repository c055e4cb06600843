package ch.iiz.cases.domain;

import ch.iiz.events.CooperationModel;
import ch.iiz.events.Program;
import ch.iiz.events.cases.Entitlement;
import ch.iiz.events.cases.Participant;

import java.time.LocalDate;
import java.util.List;

/**
 * Intake: open a case for a pseudonymous client. {@code opener} is the acting institution (from its token) and
 * leads until a lead decision arrives; {@code consent}, when present, is recorded with the opening and must cover
 * every other participant.
 */
public record OpenCaseCommand(String caseId, Participant opener, String clientId, CooperationModel cooperationModel,
                              Program program, LocalDate openedOn, String canton, boolean clientUnder25,
                              List<Entitlement> entitlements, List<Participant> participants,
                              CaseCommand.RecordConsentCommand consent) {
}
