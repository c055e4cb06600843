package ch.iiz.events.cases;

import ch.iiz.events.InstitutionType;
import ch.iiz.events.Nullable;

/** An institution taking part in a case. {@code municipality} is set for social services. */
public record Participant(String institutionId, InstitutionType institutionType, String canton,
                          @Nullable String municipality) {
}
