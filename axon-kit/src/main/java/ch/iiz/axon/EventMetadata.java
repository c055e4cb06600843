package ch.iiz.axon;

import ch.iiz.events.Actor;
import ch.iiz.events.InstitutionType;
import org.axonframework.messaging.MetaData;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Metadata every command carries and Axon copies onto the events it causes: who acted, in which flow, and why. */
public final class EventMetadata {

    public static final String ACTOR_INSTITUTION = "actorInstitutionId";
    public static final String ACTOR_TYPE = "actorInstitutionType";
    public static final String ACTOR_ROLE = "actorRole";
    public static final String CORRELATION_ID = "correlationId";
    public static final String CAUSATION_ID = "causationId";

    /** The keys copied from a command to its events. */
    public static final List<String> PROPAGATED = List.of(ACTOR_INSTITUTION, ACTOR_TYPE, ACTOR_ROLE, CORRELATION_ID,
            CAUSATION_ID);

    private EventMetadata() {
    }

    public static MetaData of(Actor actor, UUID correlationId, UUID causationId) {
        Map<String, Object> values = new HashMap<>();
        values.put(ACTOR_INSTITUTION, actor.institutionId());
        values.put(ACTOR_TYPE, actor.institutionType().name());
        values.put(ACTOR_ROLE, actor.role());
        if (correlationId != null) {
            values.put(CORRELATION_ID, correlationId.toString());
        }
        if (causationId != null) {
            values.put(CAUSATION_ID, causationId.toString());
        }
        return MetaData.from(values);
    }

    public static Actor actor(MetaData metaData) {
        return new Actor((String) metaData.get(ACTOR_INSTITUTION),
                InstitutionType.valueOf((String) metaData.get(ACTOR_TYPE)), (String) metaData.get(ACTOR_ROLE));
    }

    public static UUID uuid(MetaData metaData, String key) {
        Object value = metaData.get(key);
        return value == null ? null : UUID.fromString(value.toString());
    }
}
