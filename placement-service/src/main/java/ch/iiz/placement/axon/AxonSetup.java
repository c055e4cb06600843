package ch.iiz.placement.axon;

import ch.iiz.axon.AxonModel;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.util.List;

/** placement-service's Axon model: one aggregate per course and per vacancy, their views in the command's transaction. */
public class AxonSetup {

    @Produces
    @Singleton
    AxonModel model() {
        return new AxonModel("placement-service", CourseAggregate.class, PlacementProjection.PROCESSOR,
                PlacementProjection::new, List.of(VacancyAggregate.class));
    }
}
