package ch.iiz.events.audit;

import ch.iiz.events.IntegrationEvent;

/**
 * Everything published on {@code iiz.audit.anchors}: tamper evidence about the event stores themselves, not about one
 * case (ARCHITECTURE.md "Tamper evidence").
 */
public sealed interface AuditEvent extends IntegrationEvent permits ChainAnchored {
}
