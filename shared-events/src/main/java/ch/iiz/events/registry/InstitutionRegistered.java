package ch.iiz.events.registry;

import ch.iiz.events.EventEnvelope;
import ch.iiz.events.EventType;
import ch.iiz.events.InstitutionType;
import ch.iiz.events.Nullable;

/**
 * An institution's entry in the registry, new or changed: its type (which decides what it may do in a case), name,
 * canton, municipality (social services) and billing details. The latest record of an institution replaces earlier
 * ones; {@code active = false} retires it (existing cases keep it, new ones may not name it).
 */
@EventType(name = "InstitutionRegistered",
        summary = "An institution was registered or its entry changed (type, name, canton, municipality, billing details).")
public record InstitutionRegistered(String institutionId, InstitutionType institutionType, String name, String canton,
                                    @Nullable String municipality, @Nullable BillingDetails billing, boolean active)
        implements InstitutionEvent, EventEnvelope.Keyed {

    @Override
    public String partitionKey() {
        return institutionId;
    }
}
