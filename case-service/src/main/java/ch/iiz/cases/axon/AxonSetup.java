package ch.iiz.cases.axon;

import ch.iiz.axon.AxonModel;
import ch.iiz.cases.query.CaseSummaryProjection;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** case-service's Axon model: the {@link CaseAggregate} and the case summaries kept in the command's transaction. */
public class AxonSetup {

    @Produces
    @Singleton
    AxonModel model() {
        return new AxonModel("case-service", CaseAggregate.class, CaseSummaryProjection.PROCESSOR,
                CaseSummaryProjection::new);
    }
}
