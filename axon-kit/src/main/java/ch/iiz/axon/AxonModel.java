package ch.iiz.axon;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What an event-sourced service tells {@link AxonRuntime}: its name, its aggregate, and the projection it keeps in
 * the command's own transaction. Each service produces one.
 */
public record AxonModel(String serviceName, Class<?> aggregate, String projectionProcessor,
                        Function<DataSource, Object> projection, List<Class<?>> moreAggregates) {

    /** The usual service: one aggregate. */
    public AxonModel(String serviceName, Class<?> aggregate, String projectionProcessor,
                     Function<DataSource, Object> projection) {
        this(serviceName, aggregate, projectionProcessor, projection, List.of());
    }

    /** Every aggregate of the service; each handles command types of its own (Axon routes by payload type). */
    public List<Class<?>> aggregates() {
        List<Class<?>> all = new ArrayList<>();
        all.add(aggregate);
        all.addAll(moreAggregates);
        return all;
    }
}
