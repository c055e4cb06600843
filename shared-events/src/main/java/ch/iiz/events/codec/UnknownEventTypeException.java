package ch.iiz.events.codec;

/**
 * The record's type is not in this reader's catalogue: usually written by a newer producer. Consumers that
 * do not need the type skip it; it is not a poison record.
 */
public class UnknownEventTypeException extends EventDecodingException {
    private final String type;

    public UnknownEventTypeException(String type) {
        super("unknown event type '" + type + "'");
        this.type = type;
    }

    public String type() {
        return type;
    }
}
