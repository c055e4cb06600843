/**
 * The integration contract between the IIZ Casework services: every record that crosses a Kafka topic.
 *
 * <p>Each topic has one sealed root ({@link ch.iiz.events.cases.CaseEvent}, {@link ch.iiz.events.referral.ReferralEvent},
 * {@link ch.iiz.events.billing.BillingEvent}); {@link ch.iiz.events.EventCatalog} derives the complete list of event
 * types from those sealed hierarchies, so the catalogue, the codec and the AsyncAPI document cannot drift apart.
 * Events carry pseudonymous client ids only, never names, social security numbers or diagnoses.
 */
package ch.iiz.events;
