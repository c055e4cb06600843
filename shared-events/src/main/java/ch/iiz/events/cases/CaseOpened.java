package ch.iiz.events.cases;

import ch.iiz.events.CooperationModel;
import ch.iiz.events.EventType;
import ch.iiz.events.Program;

import java.time.LocalDate;
import java.util.List;

/**
 * A case was opened for a pseudonymous client. The opening institution leads until a lead decision arrives.
 *
 * @param clientId     pseudonymous client id (never a name or social security number)
 * @param clientUnder25 whether the client is under 25 (Hessen youth employment agencies), not the birth date
 */
@EventType(name = "CaseOpened", summary = "A case was opened for a pseudonymous client; the opening institution leads.")
public record CaseOpened(
        String clientId,
        CooperationModel cooperationModel,
        Program program,
        String openedBy,
        LocalDate openedOn,
        String canton,
        boolean clientUnder25,
        List<Entitlement> entitlements,
        List<Participant> participants) implements CaseEvent {
}
