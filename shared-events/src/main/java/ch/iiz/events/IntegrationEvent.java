package ch.iiz.events;

/**
 * Marker for an event payload that crosses a topic. Not sealed itself because Java allows a sealed hierarchy to
 * span packages only inside a named module; each topic's root interface is sealed instead.
 */
public interface IntegrationEvent {
}
