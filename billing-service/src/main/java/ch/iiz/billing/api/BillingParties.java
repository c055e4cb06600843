package ch.iiz.billing.api;

import ch.iiz.events.registry.BillingDetails;
import ch.iiz.events.registry.InstitutionRegistered;
import ch.iiz.service.registry.Institutions;
import jakarta.inject.Inject;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.Optional;

/**
 * The billing details of each institution (name, postal address, and for creditors the IBAN or QR-IBAN their
 * invoices are paid to), from the institution registry. An institution the registry has no billing details for may
 * still be configured by id ({@code iiz.billing.creditors."RAV-AG-AARAU".iban=...}), e.g. during a migration.
 */
@ApplicationScoped
public class BillingParties {

    static final String PREFIX = "iiz.billing.creditors.";

    /** An institution's billing details; {@code iban} is empty for an institution that only pays. */
    public record Party(String institutionId, String name, String street, String houseNo, String postalCode,
                        String town, String country, Optional<String> iban) {
    }

    private final Config config = ConfigProvider.getConfig();

    @Inject
    Institutions registry;

    /** The institution's details: the registry's, else configured ones with at least name, postal code and town. */
    public Optional<Party> of(String institutionId) {
        Optional<BillingDetails> registered = registry.find(institutionId).map(InstitutionRegistered::billing);
        if (registered.isPresent()) {
            BillingDetails b = registered.get();
            return Optional.of(new Party(institutionId, b.name(), b.street(), b.houseNumber(), b.postalCode(), b.town(),
                    b.country(), Optional.ofNullable(b.iban()).map(s -> s.replace(" ", ""))));
        }
        return configured(institutionId);
    }

    private Optional<Party> configured(String institutionId) {
        Optional<String> name = value(institutionId, "name");
        Optional<String> postalCode = value(institutionId, "postal-code");
        Optional<String> town = value(institutionId, "town");
        if (name.isEmpty() || postalCode.isEmpty() || town.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Party(institutionId, name.get(), value(institutionId, "street").orElse(null),
                value(institutionId, "house-no").orElse(null), postalCode.get(), town.get(),
                value(institutionId, "country").orElse("CH"), value(institutionId, "iban").map(s -> s.replace(" ", ""))));
    }

    private Optional<String> value(String institutionId, String key) {
        Optional<String> quoted = config.getOptionalValue(PREFIX + "\"" + institutionId + "\"." + key, String.class);
        return quoted.isPresent() ? quoted
                : config.getOptionalValue(PREFIX + institutionId + "." + key, String.class);
    }
}
