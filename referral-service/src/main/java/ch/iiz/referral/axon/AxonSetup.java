package ch.iiz.referral.axon;

import ch.iiz.axon.AxonModel;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** referral-service's Axon model: one {@link CaseLeadAggregate} per case, and its views in the command's transaction. */
public class AxonSetup {

    @Produces
    @Singleton
    AxonModel model() {
        return new AxonModel("referral-service", CaseLeadAggregate.class, LeadProjection.PROCESSOR, LeadProjection::new);
    }
}
