package ch.iiz.events.codec;

/** A record that cannot be read as an event of the contract; the message names the field and the rule. */
public class EventDecodingException extends RuntimeException {
    public EventDecodingException(String message) {
        super(message);
    }

    public EventDecodingException(String message, Throwable cause) {
        super(message, cause);
    }
}
