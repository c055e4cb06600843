package ch.iiz.events.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Turns the JSON payload of {@link #type()} at {@link #fromVersion()} into the next version's shape. */
public interface PayloadUpcaster {
    String type();

    int fromVersion();

    ObjectNode upcast(ObjectNode payload);
}
