package ch.iiz.billing.ledger;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import javax.sql.DataSource;

/** The engine on this service's database. */
public class EngineProducer {

    @Produces
    @Singleton
    BillingEngine engine(DataSource dataSource) {
        return new BillingEngine(dataSource);
    }
}
