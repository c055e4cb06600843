package ch.iiz.events.registry;

import ch.iiz.events.IntegrationEvent;

/**
 * Everything published on {@code iiz.institution.registry}: the institutions of the cooperation, one record per
 * institution on a compacted topic (the latest record of an institution is its current entry). Every service keeps
 * its own copy; requests name institutions by id only.
 */
public sealed interface InstitutionEvent extends IntegrationEvent permits InstitutionRegistered {
}
