package ch.iiz.events.cases;

import ch.iiz.events.EventType;

import java.time.LocalDate;

/**
 * The institution that opened the case erased the client's personal data on a recorded legal basis: case-service
 * deleted the client's key, and every service that keeps a key for the client deletes its own on this event. Sealed
 * values of the client read as erased everywhere from then on; history, KPIs and invoices stay as they were. The
 * legal basis is not personal data of the client.
 */
@EventType(name = "PersonalDataErased",
        summary = "The client's personal data was erased (its keys deleted) by the opening institution on a legal basis.")
public record PersonalDataErased(String clientId, String legalBasis, String erasedBy, LocalDate erasedOn)
        implements CaseEvent {
}
