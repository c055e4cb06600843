package ch.iiz.events.cases;

import ch.iiz.events.EventType;

import java.time.LocalDate;

@EventType(name = "ConsentRevoked", summary = "The client revoked a consent; no further data goes to institutions it covered.")
public record ConsentRevoked(String consentId, LocalDate revokedOn) implements CaseEvent {
}
