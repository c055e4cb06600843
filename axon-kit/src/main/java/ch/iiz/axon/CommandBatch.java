package ch.iiz.axon;

import org.axonframework.messaging.MetaData;

import java.util.List;

/**
 * The commands that the events of one poll caused on one aggregate, in their order, sent as one command (inside a
 * {@link TargetedCommand}) so that the aggregate is loaded and appended once for all of them. Each command keeps the
 * metadata of the event that caused it (actor, correlation, causation): the aggregate applies the events it decides
 * for a command with that metadata, so every stored event names its own cause, as when the commands came one by one.
 */
public record CommandBatch(List<Caused> commands) {

    public CommandBatch {
        commands = List.copyOf(commands);
    }

    /** One domain command and the metadata of the event that caused it. */
    public record Caused(Object command, MetaData metaData) {
    }
}
