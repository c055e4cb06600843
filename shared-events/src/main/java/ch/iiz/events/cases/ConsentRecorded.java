package ch.iiz.events.cases;

import ch.iiz.events.EventType;

import java.time.LocalDate;
import java.util.List;

/**
 * The client's explicit consent (Einwilligungserklärung) to exchange data between the named institutions.
 * Version 2 lists the institutions as an array; version 1 carried them as one comma-separated string
 * {@code scope} (upcast by {@link ch.iiz.events.codec.Upcasters}).
 */
@EventType(name = "ConsentRecorded", version = 2,
        summary = "The client's explicit consent to data exchange between the named institutions was recorded.")
public record ConsentRecorded(String consentId, LocalDate givenOn, List<String> institutionIds, String documentRef)
        implements CaseEvent {
}
