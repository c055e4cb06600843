package ch.iiz.events.registry;

import ch.iiz.events.Nullable;

/**
 * Where an institution is billed and paid: the name and postal address a Swiss QR-bill prints, and the account
 * (IBAN or QR-IBAN) payments go to. {@code country} is a two-letter ISO code.
 */
public record BillingDetails(String name, String street, @Nullable String houseNumber, String postalCode, String town,
                             String country, @Nullable String iban) {
}
