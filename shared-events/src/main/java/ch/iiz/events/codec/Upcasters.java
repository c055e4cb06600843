package ch.iiz.events.codec;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The chain of upcasters: a record written at version n is lifted step by step to the current version. */
public final class Upcasters {

    private final Map<String, PayloadUpcaster> steps = new HashMap<>();

    public Upcasters(List<PayloadUpcaster> upcasters) {
        for (PayloadUpcaster upcaster : upcasters) {
            if (steps.put(key(upcaster.type(), upcaster.fromVersion()), upcaster) != null) {
                throw new IllegalStateException("Two upcasters for " + upcaster.type() + " v" + upcaster.fromVersion());
            }
        }
    }

    /** Every upcaster the contract has ever needed. */
    public static Upcasters standard() {
        return new Upcasters(List.of(new ConsentRecordedV1ToV2(),
                new AddsNullableField("ExclusionCriterionReported", 1, "sealedCriterion"),
                new AddsNullableField("CaseAborted", 1, "sealedCriterion"),
                new AddsNullableField("AmiplusMandateRefused", 1, "sealedCriteria")));
    }

    public boolean has(String type, int fromVersion) {
        return steps.containsKey(key(type, fromVersion));
    }

    public ObjectNode upcast(String type, int fromVersion, int toVersion, ObjectNode payload) {
        ObjectNode current = payload;
        for (int version = fromVersion; version < toVersion; version++) {
            PayloadUpcaster step = steps.get(key(type, version));
            if (step == null) {
                throw new EventDecodingException("no upcaster for " + type + " from schemaVersion " + version);
            }
            current = step.upcast(current.deepCopy());
        }
        return current;
    }

    private static String key(String type, int version) {
        return type + "#" + version;
    }

    /** ConsentRecorded v1 carried its institutions as one comma-separated {@code scope} string. */
    static final class ConsentRecordedV1ToV2 implements PayloadUpcaster {
        @Override
        public String type() {
            return "ConsentRecorded";
        }

        @Override
        public int fromVersion() {
            return 1;
        }

        @Override
        public ObjectNode upcast(ObjectNode payload) {
            ArrayNode institutions = JsonNodeFactory.instance.arrayNode();
            String scope = payload.path("scope").asText("");
            for (String id : scope.split(",")) {
                if (!id.isBlank()) {
                    institutions.add(id.trim());
                }
            }
            payload.remove("scope");
            payload.set("institutionIds", institutions);
            return payload;
        }
    }

    /**
     * Version 2 of ExclusionCriterionReported, CaseAborted and AmiplusMandateRefused seals health-related exclusion
     * criteria (a new nullable field, and the clear criterion null or left out). A version 1 record carried every
     * criterion in clear: it is read as it was, with nothing sealed. (Records already published in clear stay so on
     * the topic; their health-related criteria cannot be erased by deleting a key.)
     */
    static final class AddsNullableField implements PayloadUpcaster {
        private final String type;
        private final int fromVersion;
        private final String field;

        AddsNullableField(String type, int fromVersion, String field) {
            this.type = type;
            this.fromVersion = fromVersion;
            this.field = field;
        }

        @Override
        public String type() {
            return type;
        }

        @Override
        public int fromVersion() {
            return fromVersion;
        }

        @Override
        public ObjectNode upcast(ObjectNode payload) {
            if (!payload.has(field)) {
                payload.putNull(field);
            }
            return payload;
        }
    }
}
