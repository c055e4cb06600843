package ch.iiz.billing.api;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.Optional;

/**
 * The billing details of each institution (name, postal address, and for creditors the IBAN or QR-IBAN their
 * invoices are paid to), keyed by institution id: {@code iiz.billing.creditors."RAV-AG-AARAU".iban=...}. Debtors are
 * configured the same way (without an account). Until the institution registry carries them, this is the registry.
 */
@ApplicationScoped
public class BillingParties {

    static final String PREFIX = "iiz.billing.creditors.";

    /** An institution's billing details; {@code iban} is empty for an institution that only pays. */
    public record Party(String institutionId, String name, String street, String houseNo, String postalCode,
                        String town, String country, Optional<String> iban) {
    }

    private final Config config = ConfigProvider.getConfig();

    /** The institution's details, if its name, postal code and town are configured. */
    public Optional<Party> of(String institutionId) {
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
