package ch.iiz.events.cases;

import ch.iiz.events.Benefit;

/** The client is entitled to {@code benefit} from {@code institutionId}, which finances measures under it. */
public record Entitlement(Benefit benefit, String institutionId) {
}
