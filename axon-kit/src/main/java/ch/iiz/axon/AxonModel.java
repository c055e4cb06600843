package ch.iiz.axon;

import javax.sql.DataSource;
import java.util.function.Function;

/**
 * What an event-sourced service tells {@link AxonRuntime}: its name, its aggregate, and the projection it keeps in
 * the command's own transaction. Each service produces one.
 */
public record AxonModel(String serviceName, Class<?> aggregate, String projectionProcessor,
                        Function<DataSource, Object> projection) {
}
